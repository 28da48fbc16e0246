"""The one process: `sregep serve` on embedded defaults answers health and stops on SIGTERM."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

SREGEP = Path(sys.executable).parent / "sregep"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def clean_environment() -> dict[str, str]:
    return {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("SREGEP_") and key != "DATABASE_URL"
    }


def wait_for_health(url: str, process: subprocess.Popen[bytes]) -> int:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"sregep serve exited early with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return int(response.status)
        except OSError:
            time.sleep(0.3)
    pytest.fail("sregep serve did not answer /healthz within 60 s")


def test_serve_on_embedded_defaults_answers_health_and_stops_on_sigterm(tmp_path: Path) -> None:
    """In an empty folder, serve creates data/, migrates SQLite, answers 200 and exits cleanly."""
    port = free_port()
    process = subprocess.Popen(
        [str(SREGEP), "serve", "--port", str(port)],
        cwd=tmp_path,
        env=clean_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        status = wait_for_health(f"http://127.0.0.1:{port}/healthz", process)
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()

    log = output.decode()
    assert status == 200
    assert process.returncode == 0, log
    assert (tmp_path / "data" / "sregep.sqlite3").is_file()
    assert (tmp_path / "data" / "vault.key").is_file()
    assert "Telegram bot is off" in log
    assert "HTTP server stopped" in log


def test_serve_with_bad_setting_exits_2_naming_the_key(tmp_path: Path) -> None:
    """A bad port in the environment stops start-up with the key named."""
    environment = {**clean_environment(), "SREGEP_SERVER__PORT": "banyak"}

    result = subprocess.run(
        [str(SREGEP), "serve"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 2
    assert b"server.port" in result.stderr
