"""A real PostgreSQL server from Debian's packages, started for a test on loopback.

`initdb` makes a throw-away cluster with trust authentication for loopback only; `postgres`
runs it on 127.0.0.1 and a free port, with no Unix socket. PostgreSQL refuses to run as root,
so when the tests run as root the cluster belongs to the `postgres` system user and the
server is started through `runuser`; its folder is then made outside pytest's root-only
temporary tree (which another user cannot enter) and removed at the end. The server is
stopped by its pid.

    def test_x(pg_server):
        url = pg_server.create_database("gradebook")   # postgresql://...@127.0.0.1:PORT/gradebook
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import free_port

START_TIMEOUT = 60.0
#: the database superuser initdb creates; the same name whoever runs the server.
SUPERUSER = "workbook"


def server_bin() -> Path | None:
    """The newest /usr/lib/postgresql/<version>/bin holding initdb and postgres, if any."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"),
                   key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0)
    return Path(found[-1]).parent if found else None


@dataclass
class PgServer:
    """A running PostgreSQL server: its port, data folder and process."""

    port: int
    data: Path
    process: subprocess.Popen
    log: Path

    def url(self, database: str = "postgres") -> str:
        """An SQLAlchemy URL for a database of this server (psycopg2 driver)."""
        return f"postgresql+psycopg2://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """Create an empty database; returns its URL."""
        import psycopg2

        connection = psycopg2.connect(host="127.0.0.1", port=self.port, user=SUPERUSER,
                                      dbname="postgres")
        try:
            connection.autocommit = True
            with connection.cursor() as cursor:
                cursor.execute(f'CREATE DATABASE "{name}"')
        finally:
            connection.close()
        return self.url(name)

    def stop(self) -> None:
        """Fast shutdown by pid (SIGINT), then wait for the process to exit."""
        if self.process.poll() is None:
            # runuser passes signals on to postgres; SIGINT is PostgreSQL's "fast" shutdown
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def start_pg(tmp_path: Path) -> PgServer:
    """initdb a new cluster and start `postgres` on 127.0.0.1 and a free port."""
    bin_dir = server_bin()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL server binaries are missing: run scripts/system-deps")
    as_root = os.geteuid() == 0
    if as_root:
        owner = pwd.getpwnam("postgres")
        base = Path(tempfile.mkdtemp(prefix="workbook-pg-"))
        os.chown(base, owner.pw_uid, owner.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    else:
        base = tmp_path / "pg"
        base.mkdir()
        prefix = []
    data = base / "data"
    log = tmp_path / "postgres.log"
    init = subprocess.run(
        [*prefix, str(bin_dir / "initdb"), "-D", str(data), "-U", SUPERUSER, "--auth=trust",
         "--encoding=UTF8", "--locale=C", "--no-sync"],
        capture_output=True, text=True, timeout=120)
    if init.returncode != 0:
        raise RuntimeError(f"initdb failed:\n{init.stdout}\n{init.stderr}")
    port = free_port()
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [*prefix, str(bin_dir / "postgres"), "-D", str(data), "-p", str(port),
             "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=",
             "-c", "fsync=off", "-c", "max_connections=40"],
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    server = PgServer(port=port, data=data, process=process, log=log)
    _wait_ready(server, bin_dir)
    return server


def _wait_ready(server: PgServer, bin_dir: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        if server.process.poll() is not None:
            raise RuntimeError(f"postgres exited early:\n{server.log.read_text(errors='replace')}")
        ready = subprocess.run([str(bin_dir / "pg_isready"), "-h", "127.0.0.1", "-p", str(server.port),
                                "-U", SUPERUSER, "-d", "postgres"], capture_output=True)
        if ready.returncode == 0:
            return
        if time.monotonic() > deadline:
            server.stop()
            raise RuntimeError(f"postgres did not accept connections in {START_TIMEOUT}s:\n"
                               f"{server.log.read_text(errors='replace')}")
        # a polling interval while waiting on a real condition (the server accepting connections)
        time.sleep(0.2)


@pytest.fixture
def pg_server(tmp_path: Path) -> Iterator[PgServer]:
    """A PostgreSQL server for one test; stopped and its files removed afterwards."""
    server = start_pg(tmp_path)
    try:
        yield server
    finally:
        server.stop()
        if os.geteuid() == 0:
            shutil.rmtree(server.data.parent, ignore_errors=True)
