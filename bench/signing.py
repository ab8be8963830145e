"""Signing throughput: ``sign_pdf`` (register row, PKCS#12 key, RFC 3161 timestamp from the
local TSA, PAdES B-LT with the register's CRL) against the bare pyHanko call on the same PDFs with the same key.

Run from the repository root, with no arguments:

    .venv/bin/python bench/signing.py

Everything happens in a temporary directory (SQLite database, MOTCUA_VAR_DIR with the demo
PKI's key files), removed at the end; var/ is never touched. Both sides use the same key, the
same timestamper setup (the local TSA in-process, no socket) and embed the same validation
data. The bare side is pyHanko as documented (``SimpleSigner.load_pkcs12``), which re-parses
the RSA key for every signature; ours keeps the parsed key, hence a ratio above 1. A third
side, the bare call with our in-memory key (``ratio_same_key``), shows what our own layer
costs (register checks, the CRL built from the register for every signature). Each side signs each PDF
for ``SECONDS`` of wall time, in alternating rounds so that machine noise hits both alike.

The last line is ``RESULT one_page_per_s=… twenty_page_per_s=… ratio=…`` where ratio is
ours ÷ bare for the page size where that ratio is lower.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECONDS = 3.0
ROUNDS = 3


def setup(tmp: Path) -> None:
    os.environ.update({
        "MOTCUA_VAR_DIR": str(tmp),
        "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "motcua.conf.base",
        "MOTCUA_TSA_URL": "",
        "MOTCUA_LOG_LEVEL": "WARNING",
    })  # fmt: skip
    sys.path.insert(0, str(ROOT / "src"))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def rate(sign, pdf: bytes, seconds: float) -> tuple[int, float]:
    count, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        sign(pdf)
        count += 1
    return count, elapsed


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="motcua-bench-signing-"))
    try:
        setup(tmp)
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import fields, signers

        from motcua.org.models import Agency
        from motcua.signing import keystore, services, tsa
        from motcua.signing.samples import sample_pdf

        agency = Agency.objects.create(name="Ủy ban nhân dân xã Bench", kind="commune_committee")
        row = services.demo_pki_ensure(agencies=[agency])[f"agency-{agency.pk}"]
        bare_signer = signers.SimpleSigner.load_pkcs12(
            row.file_path, passphrase=keystore.password()
        )
        # The same B-LT content on both sides: chain + CRL gathered once for the bare call
        # (ours builds a fresh CRL from the register for every signature).
        bare_context = services._offline_context()

        def ours(pdf: bytes) -> bytes:
            return services.sign_pdf(pdf, certificate=row, reason="Phê duyệt", location="VN")

        same_key_signer, _session = services._signer(row)

        def bare(pdf: bytes, signer=bare_signer) -> bytes:
            meta = signers.PdfSignatureMetadata(
                field_name="ChuKy1", reason="Phê duyệt", location="VN",
                subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256",
                embed_validation_info=True, validation_context=bare_context,
            )  # fmt: skip
            writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
            return signers.sign_pdf(writer, meta, signer=signer,
                                    timestamper=tsa.LocalTimeStamper()).getvalue()  # fmt: skip

        def bare_same_key(pdf: bytes) -> bytes:
            # The bare call with our in-memory key: what our layer itself costs.
            return bare(pdf, signer=same_key_signer)

        sides = {"ours": ours, "bare": bare, "bare_same_key": bare_same_key}
        pdfs = {"one_page": sample_pdf(1), "twenty_page": sample_pdf(20)}
        for pdf in pdfs.values():  # warm up and check every side produces valid signatures
            for sign in sides.values():
                assert services.verify_pdf(sign(pdf)).valid
        totals = {(size, side): [0, 0.0] for size in pdfs for side in sides}
        for _ in range(ROUNDS):
            for size, pdf in pdfs.items():
                for side, sign in sides.items():
                    count, elapsed = rate(sign, pdf, SECONDS / ROUNDS)
                    totals[size, side][0] += count
                    totals[size, side][1] += elapsed
        per_s = {key: count / elapsed for key, (count, elapsed) in totals.items()}
        print(f"{'PDF':<12} {'bytes':>8} {'ours/s':>8} {'bare/s':>8} {'ratio':>6} "
              f"{'bare same key/s':>16} {'ratio':>6}")  # fmt: skip
        ratios, same_key = {}, {}
        for size, pdf in pdfs.items():
            ratios[size] = per_s[size, "ours"] / per_s[size, "bare"]
            same_key[size] = per_s[size, "ours"] / per_s[size, "bare_same_key"]
            print(f"{size:<12} {len(pdf):>8} {per_s[size, 'ours']:>8.1f} "
                  f"{per_s[size, 'bare']:>8.1f} {ratios[size]:>6.2f} "
                  f"{per_s[size, 'bare_same_key']:>16.1f} {same_key[size]:>6.2f}")  # fmt: skip
        print(f"signatures: {sum(c for c, _ in totals.values())} in "
              f"{sum(e for _, e in totals.values()):.1f} s; PAdES B-LT, RSA-2048, SHA-256, "
              "local RFC 3161 TSA in-process")  # fmt: skip
        print(f"RESULT one_page_per_s={per_s['one_page', 'ours']:.1f} "
              f"twenty_page_per_s={per_s['twenty_page', 'ours']:.1f} "
              f"ratio={min(ratios.values()):.2f} "
              f"ratio_same_key={min(same_key.values()):.2f}")  # fmt: skip
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
