"""A local test PKI (root CA, signer, TSA) and an RFC 3161 time-stamp server on localhost.

The TSA answers over HTTP with pyHanko's DummyTimeStamper (a real RFC 3161 responder signing
with the test TSA key), so signing goes through the same HTTP client as in production."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from asn1crypto import keys as asn1_keys
from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


def _name(cn: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "llp-gov test PKI"),
            x509.NameAttribute(NameOID.COMMON_NAME, cn),
        ]
    )


def _cert(subject, issuer, key, issuer_key, *, ca=False, eku=None, days=3650, start=None):
    start = start or dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=not ca,
                content_commitment=not ca,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if eku:
        builder = builder.add_extension(x509.ExtendedKeyUsage(eku), critical=True)
    return builder.sign(issuer_key, hashes.SHA256())


def _asn1(cert):
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


@dataclass
class TestPKI:
    root: x509.Certificate
    root_key: object
    tsa: x509.Certificate
    tsa_key: object

    @classmethod
    def create(cls, tsa_days: int = 3650) -> TestPKI:
        root_key = ec.generate_private_key(ec.SECP256R1())
        root = _cert(_name("Test Root CA"), _name("Test Root CA"), root_key, root_key, ca=True)
        tsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)  # Dummy TSA: RSA
        tsa = _cert(
            _name("Test TSA"),
            root.subject,
            tsa_key,
            root_key,
            eku=[ExtendedKeyUsageOID.TIME_STAMPING],
            days=tsa_days,
        )
        return cls(root, root_key, tsa, tsa_key)

    def root_pem(self) -> bytes:
        return self.root.public_bytes(serialization.Encoding.PEM)

    def signer_p12(self, cn: str, passphrase: bytes) -> bytes:
        """A document-signing certificate issued by the test root, as PKCS#12."""
        key = ec.generate_private_key(ec.SECP256R1())
        cert = _cert(_name(cn), self.root.subject, key, self.root_key)
        return pkcs12.serialize_key_and_certificates(
            cn.encode(), key, cert, [self.root], serialization.BestAvailableEncryption(passphrase)
        )

    def timestamper(self):
        from pyhanko.sign.timestamps import DummyTimeStamper

        key_der = self.tsa_key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        return DummyTimeStamper(
            tsa_cert=_asn1(self.tsa),
            tsa_key=asn1_keys.PrivateKeyInfo.load(key_der),
            certs_to_embed=[_asn1(self.root)],
        )


class TSAServer:
    """An RFC 3161 responder over HTTP on 127.0.0.1 (a thread); .url, .requests counts them."""

    def __init__(self, pki: TestPKI):
        stamper = pki.timestamper()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                response = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
                server.requests += 1
                self.send_response(200)
                self.send_header("Content-Type", "application/timestamp-reply")
                self.send_header("Content-Length", str(len(response)))
                self.end_headers()
                self.wfile.write(response)

            def log_message(self, *args):
                pass

        self.requests = 0
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/tsa"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()
