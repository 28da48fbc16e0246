"""The registry: unknown serials become pending terminals, up to a limit."""

from __future__ import annotations

import pytest

from attendance.enums import DeviceStatus
from attendance.models import Device
from attendance.vault import Vault
from terminals.admin import block_device
from terminals.errors import DeviceRefused, HoldingFull
from terminals.registry import TerminalProtocol, identify
from tests.terminals.conftest import approved
from tests.timetravel import TravellingClock

ADMS = TerminalProtocol.ADMS


async def test_unknown_serials_wait_as_pending_up_to_the_limit(
    clock: TravellingClock, vault: Vault, db: str
) -> None:
    """Two may wait; a third new serial is refused unregistered, known ones still answer."""
    await approved("SIM0001", vault)
    first = await identify("NEW1", ADMS, clock(), max_pending=2)
    await identify("NEW2", ADMS, clock(), max_pending=2)

    with pytest.raises(HoldingFull, match="2 terminals wait for approval"):
        await identify("NEW3", ADMS, clock(), max_pending=2)
    again = await identify("NEW1", ADMS, clock(), max_pending=2)
    known = await identify("SIM0001", ADMS, clock(), max_pending=2)

    assert first.status is DeviceStatus.PENDING
    assert (again.id, known.status) == (first.id, DeviceStatus.APPROVED)
    assert not await Device.exists(serial="NEW3")


async def test_a_blocked_terminal_leaves_room_for_a_new_one(
    clock: TravellingClock, db: str
) -> None:
    """Blocking a pending terminal makes room; the blocked one is still refused."""
    await identify("NEW1", ADMS, clock(), max_pending=1)
    await block_device("NEW1", "camat", "not ours")

    newcomer = await identify("NEW2", ADMS, clock(), max_pending=1)

    assert newcomer.status is DeviceStatus.PENDING
    with pytest.raises(DeviceRefused, match="blocked"):
        await identify("NEW1", ADMS, clock(), max_pending=1)
