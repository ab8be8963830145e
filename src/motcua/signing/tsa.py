"""RFC 3161 timestamps: the local service (served at POST /pki/tsa) and the client side."""

from __future__ import annotations

import asyncio
import datetime as dt
import urllib.request
from functools import lru_cache
from pathlib import Path

from asn1crypto import cms, core, keys, tsp
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from cryptography.hazmat.primitives.serialization import pkcs12
from django.conf import settings
from pyhanko.sign.general import as_signing_certificate, simple_cms_attribute
from pyhanko.sign.timestamps.api import TimeStamper
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

CONTENT_TYPE_QUERY = "application/timestamp-query"
CONTENT_TYPE_REPLY = "application/timestamp-reply"


TSA_LABEL = "demo-tsa"


class LocalTSA(DummyTimeStamper):
    """pyHanko's test responder, keeping the parsed key: the stock one re-parses (and checks)
    the RSA key for every token, which costs more than the rest of a timestamp."""

    def __init__(self, *, key: RSAPrivateKey, **kwargs) -> None:
        super().__init__(**kwargs)
        self._key = key

    def _sign_tst_info(self, tst_info_data: bytes, md_algorithm: str, dt: dt.datetime):
        digest = hashes.Hash(get_pyca_cryptography_hash(md_algorithm))
        digest.update(tst_info_data)
        signed_attrs = cms.CMSAttributes([
            simple_cms_attribute("content_type", "tst_info"),
            simple_cms_attribute("signing_time", cms.Time({"utc_time": core.UTCTime(dt)})),
            simple_cms_attribute("signing_certificate", as_signing_certificate(self.tsa_cert)),
            simple_cms_attribute("message_digest", digest.finalize()),
        ])  # fmt: skip
        signature = self._key.sign(
            signed_attrs.dump(), PKCS1v15(), get_pyca_cryptography_hash(md_algorithm.upper())
        )
        return signature, signed_attrs


@lru_cache(maxsize=4)
def _tsa_material(path: str, mtime: float, secret: bytes):
    key, cert, chain = pkcs12.load_key_and_certificates(Path(path).read_bytes(), secret)
    der = serialization.Encoding.DER
    key_der = key.private_bytes(der, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())  # fmt: skip
    return key, key_der, cert.public_bytes(der), [c.public_bytes(der) for c in chain]


def responder(fixed_time: dt.datetime | None = None) -> LocalTSA:
    """The local TSA, signing with the demo TSA key file (PKCS#12 holding its chain). Reads
    no database, so the endpoint answers from any thread or process sharing the key dir."""
    from .keystore import directory, password

    path = directory() / f"{TSA_LABEL}.p12"
    if not path.exists():
        raise TimestampUnavailable(path)
    key, key_der, cert_der, chain = _tsa_material(str(path), path.stat().st_mtime, password())
    return LocalTSA(
        key=key,
        tsa_cert=asn1_x509.Certificate.load(cert_der),
        tsa_key=keys.PrivateKeyInfo.load(key_der),
        certs_to_embed=[asn1_x509.Certificate.load(c) for c in chain],
        fixed_dt=fixed_time,
    )


class TimestampUnavailable(Exception):
    """The local TSA has no key yet (run the demo PKI setup)."""


def _rejection(reason: str) -> bytes:
    """TimeStampResp with only a status (asn1crypto insists on the token, RFC 3161 does not)."""
    status = tsp.PKIStatusInfo({"status": "rejection", "fail_info": {reason}}).dump()
    return b"\x30" + bytes([len(status)]) + status


def respond(query: bytes) -> bytes:
    """Answer one DER TimeStampReq with a DER TimeStampResp (rejection on a bad request)."""
    try:
        req = tsp.TimeStampReq.load(query)
        req.native  # noqa: B018 — parses everything now, so a broken request fails here
    except Exception:
        return _rejection("bad_data_format")
    try:
        stamper = responder()
    except TimestampUnavailable:
        return _rejection("system_failure")
    return stamper.request_tsa_response(req).dump()


class LocalTimeStamper(TimeStamper):
    """Calls the local TSA in-process: the same answer the HTTP endpoint gives, no socket."""

    def __init__(self, fixed_time: dt.datetime | None = None) -> None:
        super().__init__()
        self._responder = responder(fixed_time)

    async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
        return self._responder.request_tsa_response(req)


class UrllibTimeStamper(TimeStamper):
    """A remote RFC 3161 service over HTTP (standard library only)."""

    def __init__(self, url: str, timeout: float = 10.0) -> None:
        super().__init__()
        self.url, self.timeout = url, timeout

    def _post(self, body: bytes) -> bytes:
        request = urllib.request.Request(
            self.url, data=body, headers={"Content-Type": CONTENT_TYPE_QUERY}, method="POST"
        )
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            return response.read()

    async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
        body = await asyncio.to_thread(self._post, req.dump())
        return tsp.TimeStampResp.load(body)


def timestamper() -> TimeStamper:
    url = settings.MOTCUA_TSA_URL
    return UrllibTimeStamper(url) if url else LocalTimeStamper()
