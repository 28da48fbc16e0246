"""Admin actions: adding, approving and blocking terminals, mapping PINs; every one audited."""

from __future__ import annotations

import pytest

from attendance.enums import DeviceStatus
from attendance.errors import NotFound
from attendance.models import AuditEntry, Device, DevicePin
from attendance.sealed import device_secret_context
from attendance.vault import Vault
from terminals.admin import add_device, approve_device, block_device, map_pin
from terminals.context import TerminalContext
from terminals.errors import MalformedUpload, MappingError, RegistryError, UnknownDevice
from terminals.registry import TerminalProtocol, device_secret, find_device
from tests.terminals.conftest import KRAGAN, SARANG, approved, person


async def test_add_device_makes_a_sealed_secret_for_signed_terminals(
    vault: Vault, db: str
) -> None:
    """A signed terminal gets a secret, sealed to its serial; the audit entry holds no secret."""
    _, secret = await add_device("GATE-01", TerminalProtocol.SIGNED, KRAGAN, "camat", vault)

    device = await find_device("GATE-01")
    assert device is not None and secret is not None
    assert device.status is DeviceStatus.APPROVED
    assert device_secret(device, vault) == secret.encode()
    assert device.sealed_secret is not None
    assert vault.open(device.sealed_secret, device_secret_context("GATE-01")) == secret.encode()
    entry = await AuditEntry.get(action="device.add")
    assert secret not in str(entry.details)


async def test_add_device_refuses_duplicates_short_secrets_and_bad_zones(
    vault: Vault, db: str
) -> None:
    """A serial twice, a short secret or an unknown zone are refused naming the rule."""
    await approved("SIM0001", vault)

    with pytest.raises(RegistryError, match="already registered"):
        await approved("SIM0001", vault)
    with pytest.raises(RegistryError, match="16 characters"):
        await add_device(
            "GATE-02", TerminalProtocol.SIGNED, KRAGAN, "camat", vault, secret="short"
        )
    with pytest.raises(MalformedUpload, match="IANA"):
        await add_device("SIM0003", TerminalProtocol.ADMS, KRAGAN, "camat", vault, timezone="WIB")
    with pytest.raises(NotFound, match="9999"):
        await add_device("SIM0004", TerminalProtocol.ADMS, "33.17.12.9999", "camat", vault)


async def test_approve_unknown_serial_is_refused(context: TerminalContext) -> None:
    """Approving a serial nobody has seen names it."""
    with pytest.raises(UnknownDevice, match="NOPE"):
        await approve_device(context, "NOPE", KRAGAN, "camat")


async def test_approve_and_block_are_audited(context: TerminalContext) -> None:
    """Approval and blocking each leave an audit entry with the actor."""
    await Device.create(serial="NEW1", protocol="adms")

    await approve_device(context, "NEW1", KRAGAN, "camat", timezone="Asia/Makassar")
    await block_device("NEW1", "camat", "moved to another office")

    device = await Device.get(serial="NEW1")
    assert (device.status, device.timezone) == (DeviceStatus.BLOCKED, "Asia/Makassar")
    actions = [entry.action for entry in await AuditEntry.all().order_by("id")]
    assert actions == ["device.approve", "device.block"]


@pytest.mark.parametrize("reason", ["", "   ", "x" * 501])
async def test_block_needs_a_reason(context: TerminalContext, reason: str) -> None:
    """A block without a reason (or with an essay) is refused; the terminal stays as it was."""
    await Device.create(serial="ZK01", protocol="adms")

    with pytest.raises(RegistryError, match="needs a reason"):
        await block_device("ZK01", "camat", reason)

    assert (await Device.get(serial="ZK01")).status is DeviceStatus.PENDING
    assert await AuditEntry.all().count() == 0


async def test_map_pin_refuses_taken_pins_and_other_villages(
    context: TerminalContext, vault: Vault
) -> None:
    """A PIN mapped to someone else, or a person of another village, is refused."""
    await approved("SIM0001", vault)
    siti, budi, outsider = await person("Siti"), await person("Budi"), await person("X", SARANG)
    await map_pin(context, "SIM0001", "1001", siti, "operator")

    await map_pin(context, "SIM0001", "1001", siti, "operator")
    with pytest.raises(MappingError, match="already"):
        await map_pin(context, "SIM0001", "1001", budi, "operator")
    with pytest.raises(MappingError, match="another village"):
        await map_pin(context, "SIM0001", "2002", outsider, "operator")
    with pytest.raises(NotFound, match="999"):
        await map_pin(context, "SIM0001", "3003", 999, "operator")
    with pytest.raises(NotFound):  # beyond any id column: refused before the database sees it
        await map_pin(context, "SIM0001", "3003", 10**23, "operator")

    assert await DevicePin.all().count() == 1
    assert await AuditEntry.filter(action="device.map_pin").count() == 1
