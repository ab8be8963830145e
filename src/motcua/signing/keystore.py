"""Key files of the register: PKCS#12 under MOTCUA_PKI_DIR, passwords from the settings."""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings

from . import pki


def password() -> bytes:
    configured = settings.MOTCUA_PKI_PASSWORD
    if configured:
        return configured.encode()
    return hashlib.sha256(b"motcua-pki:" + settings.SECRET_KEY.encode()).hexdigest().encode()


def directory() -> Path:
    path = Path(settings.MOTCUA_PKI_DIR)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def save(label: str, key: rsa.RSAPrivateKey, cert: x509.Certificate, chain: list) -> str:
    path = directory() / f"{label}.p12"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(pki.to_pkcs12(label, key, cert, chain, password()))
    return str(path)


@lru_cache(maxsize=256)
def _load(path: str, mtime: float, secret: bytes) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    return pki.from_pkcs12(Path(path).read_bytes(), secret)


def load_pkcs12(row) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    """The key and certificate of a register row (decrypted once per file version)."""
    path = row.file_path
    return _load(path, os.path.getmtime(path), password())
