"""moto's S3 server for `make dev` and the tests (the `moto[server]` dev dependency): a real
HTTP S3 endpoint on loopback, in memory (its data lives as long as the process).

    process, endpoint = start_moto(9000)          # waits until it answers
    prepare_bucket(endpoint, "indefinite-media", cors_origins=["http://127.0.0.1:3000"])
    ...                                           # S3_ENDPOINT_URL=endpoint
    stop_moto(process)

`make dev` runs `moto_command` under its supervisor and then `dev_s3_env`.

moto accepts any credentials and does not check signatures; production points S3_ENDPOINT_URL
at MinIO or leaves it empty for AWS S3.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence

import boto3
import httpx
from botocore.config import Config

from indefinite.kafka_broker import free_port

CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


def moto_command(port: int, host: str = "127.0.0.1") -> list[str]:
    return [sys.executable, "-m", "moto.server", "-H", host, "-p", str(port)]


def moto_answers(endpoint: str) -> bool:
    try:
        httpx.get(f"{endpoint}/moto-api/", timeout=1.0)
    except httpx.HTTPError:
        return False
    return True


def start_moto(
    port: int | None = None, *, host: str = "127.0.0.1", timeout: float = 20.0
) -> tuple[subprocess.Popen[bytes], str]:
    port = port or free_port(host)
    process = subprocess.Popen(
        moto_command(port, host),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://{host}:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"moto server exited with {process.returncode}")
        if moto_answers(endpoint):
            return process, endpoint
        time.sleep(0.1)
    stop_moto(process)
    raise RuntimeError(f"moto server did not answer on {endpoint} in {timeout:.0f}s")


def stop_moto(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)


def prepare_bucket(
    endpoint: str, bucket: str, *, region: str = "us-east-1", cors_origins: Sequence[str] = ()
) -> None:
    """Create `bucket` with public reads of `images/` only (raw uploads stay private) and CORS
    for the browser's POSTs."""
    s3 = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=region,
        config=Config(s3={"addressing_style": "path"}),
        **CREDENTIALS,
    )
    with contextlib.suppress(s3.exceptions.BucketAlreadyOwnedByYou):
        s3.create_bucket(Bucket=bucket)
    public_images = {
        "Effect": "Allow",
        "Principal": "*",
        "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::{bucket}/images/*",
    }
    s3.put_bucket_policy(
        Bucket=bucket,
        Policy=json.dumps({"Version": "2012-10-17", "Statement": [public_images]}),
    )
    if cors_origins:
        s3.put_bucket_cors(
            Bucket=bucket,
            CORSConfiguration={
                "CORSRules": [
                    {
                        "AllowedOrigins": list(cors_origins),
                        "AllowedMethods": ["GET", "HEAD", "POST"],
                        "AllowedHeaders": ["*"],
                        "MaxAgeSeconds": 3600,
                    }
                ]
            },
        )


UI_ORIGINS = ("http://127.0.0.1:3000", "http://localhost:3000")


def dev_sns_env(endpoint: str) -> dict[str, str]:
    """`make dev`'s SMS: the same moto server answers SNS; the messages it took are listed at
    `{endpoint}/moto-api/data.json` (under "sns" -> "SMS")."""
    return {
        "SNS_ENDPOINT_URL": endpoint,
        "SNS_ACCESS_KEY_ID": CREDENTIALS["aws_access_key_id"],
        "SNS_SECRET_ACCESS_KEY": CREDENTIALS["aws_secret_access_key"],
    }


def ui_origins(port: int) -> tuple[str, ...]:
    """The web UI's origins on a port (the browser uploads to S3 from them)."""
    return (f"http://127.0.0.1:{port}", f"http://localhost:{port}")


def dev_s3_env(endpoint: str, origins: Sequence[str] = UI_ORIGINS) -> dict[str, str]:
    """`make dev`'s S3 on a running moto server (indefinite.dev starts it): the bucket made,
    `images/` public and CORS for the UI's origins; returns the environment media needs."""
    bucket = os.environ.get("S3_BUCKET", "indefinite-media")
    prepare_bucket(endpoint, bucket, cors_origins=origins)
    return {
        "S3_ENDPOINT_URL": endpoint,
        "S3_BUCKET": bucket,
        "S3_FORCE_PATH_STYLE": "true",
        "S3_PUBLIC_BASE_URL": f"{endpoint}/{bucket}",
    }
