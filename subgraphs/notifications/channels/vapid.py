"""The VAPID key pair (RFC 8292) that signs every push request, from settings.

The private key comes from VAPID_PRIVATE_KEY; outside production, when that is empty, a key is
generated once into VAPID_KEY_FILE and read on later starts. `application_server_key` is the
public half as browsers want it (`pushManager.subscribe({applicationServerKey})`): a
subscription made with one key only accepts pushes signed by it.

`python -m subgraphs.notifications.channels.vapid` prints a new key pair for production.
"""

from __future__ import annotations

import base64
import contextlib
import os
import sys
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid02

from subgraphs.notifications.channels.settings import ChannelSettings


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def parse_private_key(value: str) -> Vapid02:
    """PEM, or base64url of the raw 32-byte scalar or of DER; ValueError for anything else."""
    text = value.strip()
    try:
        if text.startswith("-----BEGIN"):
            vapid = Vapid02.from_pem(text.encode())
        else:
            vapid = Vapid02.from_string(text)
    except Exception as exc:  # py_vapid raises whatever its parser does
        raise ValueError("VAPID_PRIVATE_KEY is not a P-256 private key") from exc
    if not isinstance(vapid.private_key.curve, ec.SECP256R1):
        raise ValueError("VAPID_PRIVATE_KEY is not a P-256 private key")
    return vapid


def _pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _key_file(path: Path) -> Vapid02:
    """Read the development key, creating it first when missing (0600, and exclusively, so
    two processes starting together end up with the same key)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as file:
                file.write(_pem(ec.generate_private_key(ec.SECP256R1())))
    return parse_private_key(path.read_text())


def load_vapid(settings: ChannelSettings) -> Vapid02:
    if settings.vapid_private_key:
        return parse_private_key(settings.vapid_private_key)
    return _key_file(Path(settings.vapid_key_file))


def application_server_key(vapid: Vapid02) -> str:
    """The public key, base64url of the uncompressed point (65 bytes), for the browser."""
    public: ec.EllipticCurvePublicKey = vapid.public_key
    return b64url(
        public.public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
    )


def main() -> int:
    key = ec.generate_private_key(ec.SECP256R1())
    raw = key.private_numbers().private_value.to_bytes(32, "big")
    vapid = Vapid02(key)
    sys.stdout.write(f"VAPID_PRIVATE_KEY={b64url(raw)}\n")
    sys.stdout.write(f"# application server key (public): {application_server_key(vapid)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
