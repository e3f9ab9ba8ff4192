"""A throw-away PostgreSQL server for the tests that need a real one.

``initdb`` into a temporary folder, listen on a Unix socket only, stop at the
end. Run as root (CI), the server runs as ``nobody``, since PostgreSQL refuses
to run as root. ``make test`` installs Debian's ``postgresql`` when missing.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _binary(name: str) -> str:
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                                                   reverse=True)), None)
    if found is None:
        raise RuntimeError(f"{name} not found: install Debian's postgresql package (make test does)")
    return found


def _run(args: list[str]) -> None:
    if os.geteuid() == 0:
        args = ["runuser", "-u", "nobody", "--", *args]
    subprocess.run(args, check=True, capture_output=True, timeout=120)


@contextmanager
def postgres_server() -> Iterator[str]:
    """Yields a SQLAlchemy URL of an empty database on a fresh server."""
    folder = Path(tempfile.mkdtemp(prefix="sila-pg-"))
    os.chmod(folder, 0o777)
    data = folder / "data"
    _run([_binary("initdb"), "-D", str(data), "-A", "trust", "-U", "sila", "-E", "UTF8",
          "--no-instructions"])
    _run([_binary("pg_ctl"), "-D", str(data), "-w", "-l", str(folder / "log"),
          "-o", f"-k {folder} -c listen_addresses='' -c fsync=off", "start"])
    try:
        yield f"postgresql+psycopg://sila@/postgres?host={folder}"
    finally:
        _run([_binary("pg_ctl"), "-D", str(data), "-m", "immediate", "stop"])
        shutil.rmtree(folder, ignore_errors=True)
