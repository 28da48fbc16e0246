"""End to end: a punch pushed by a simulated terminal shows in `sregep report day`."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path

from attendance.vault import Vault
from terminals.admin import map_pin
from terminals.context import TerminalContext
from tests.terminals.conftest import KRAGAN, person
from tests.terminals.simulators import AdmsTerminal
from tests.timetravel import TravellingClock

SREGEP = Path(sys.executable).parent / "sregep"


async def test_pushed_punch_appears_in_report_day(
    terminal: AdmsTerminal,
    context: TerminalContext,
    vault: Vault,
    afternoon: TravellingClock,
    db: str,
    tmp_path: Path,
) -> None:
    """The CLI, in its own process on the same database, reports the pushed punches."""
    siti = await person("Siti Aminah")
    await map_pin(context, "SIM0001", "1001", siti, "operator")
    await terminal.handshake()
    reply = await terminal.push_attlog(
        [("1001", "2026-11-30 07:31:05"), ("1001", "2026-11-30 13:40:00")]
    )
    assert reply.text == "OK: 2"

    environment = {**os.environ, "DATABASE_URL": db, "SREGEP_DATA_DIR": str(tmp_path)}
    process = await asyncio.create_subprocess_exec(
        str(SREGEP),
        "report",
        "day",
        "--date",
        "2026-11-30",
        "--village",
        KRAGAN,
        "--format",
        "json",
        env=environment,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    stdout, stderr = await process.communicate()

    assert process.returncode == 0, stderr.decode()
    rows = {row["person_id"]: row for row in json.loads(stdout)["rows"]}
    row = rows[siti]
    assert (row["name"], row["first_in"], row["last_out"]) == ("Siti Aminah", "07:31", "13:40")
    assert (row["status"], row["late_minutes"], row["early_minutes"]) == ("late", 31, 20)
