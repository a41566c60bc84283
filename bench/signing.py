"""Benchmark: PAdES signing and verification of a rendered contract-size PDF/A.

Signs a 2-page PDF/A-3b with an RSA-3072 trial key: with the trial TSA that `flask signing init`
writes (B-T), without a TSA (B-B), then with the test PKI's in-process RFC 3161 time stamp (B-T
via pyHanko's DummyTimeStamper: no network), and verifies the result; prints the
median wall and CPU seconds of 7 runs each and the load average (the machine is shared).

    .venv/bin/python bench/signing.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from types import SimpleNamespace

from llp_gov import create_app

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # tests.signing


def _measure(fn, runs=7):
    walls, cpus = [], []
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    tmp = tempfile.mkdtemp(prefix="bench-signing-")
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{tmp}/b.sqlite3",
            "SIGNING_PKCS12": f"{tmp}/{{slug}}.p12",
            "SIGNING_TRIAL_TSA": f"{tmp}/trial-tsa.p12",
            "SECRET_KEY": "bench",
        }
    )
    with app.app_context():
        from llp_gov.pdf.render import render_pdf
        from llp_gov.signing import keys, pades, trial_tsa
        from llp_gov.signing.verify import verify_pdf_signatures
        from tests.signing.pki import TestPKI, _asn1

        org = SimpleNamespace(slug="bench", name="ベンチ有限責任事業組合", office_address=None)
        keys.init_trial_key(org)
        html = "<h1>契約書</h1>" + "<p>" + "甲と乙は誠実に協議する。" * 400 + "</p>"
        pdf = render_pdf(html, pdf_variant="pdf/a-3b")
        # The trial key with the trial TSA that `signing init` made: B-T in-process.
        trial = _measure(lambda: pades.sign_pdf(pdf, organisation=org, reason="bench"))
        assert pades.sign_pdf(pdf, organisation=org, reason="bench")[1] == pades.LEVEL_B_T
        trial_tsa.path().unlink()  # without any TSA: B-B
        signed_bb, level = pades.sign_pdf(pdf, organisation=org, reason="bench")
        assert level == pades.LEVEL_B_B
        bb = _measure(lambda: pades.sign_pdf(pdf, organisation=org, reason="bench"))
        pki = TestPKI.create()
        app.config["SIGNING_TIMESTAMPER"] = pki.timestamper()
        bt = _measure(lambda: pades.sign_pdf(pdf, organisation=org, reason="bench"))
        signed_bt, _ = pades.sign_pdf(pdf, organisation=org, reason="bench")
        cert = keys.signer_for(org).signing_cert
        roots = [cert, _asn1(pki.root)]
        assert verify_pdf_signatures(signed_bt, extra_roots=roots)[0]["trusted"]
        ver = _measure(lambda: verify_pdf_signatures(signed_bt, extra_roots=roots))
    print(f"PDF {len(pdf) / 1024:.0f} KB, signed +{(len(signed_bb) - len(pdf)) / 1024:.0f} KB")
    print(f"sign B-B        wall {bb[0]:.3f} s  cpu {bb[1]:.3f} s (median of 7)")
    print(f"sign B-T (local TSA) wall {bt[0]:.3f} s  cpu {bt[1]:.3f} s")
    print(f"sign B-T (trial TSA) wall {trial[0]:.3f} s  cpu {trial[1]:.3f} s")
    print(f"verify B-T      wall {ver[0]:.3f} s  cpu {ver[1]:.3f} s")
    print("load average", " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
