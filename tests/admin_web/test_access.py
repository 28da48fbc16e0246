"""Roles and village scope: what each role may do, and that a Kades never sees another village."""

from __future__ import annotations

import pytest

from admin_web.access import CAPABILITIES, Capability, Principal
from attendance.enums import AdminRole, LeaveType
from attendance.leave import LeaveRequest, submit_leave
from attendance.ledger import Ledger
from attendance.models import Person
from tests.admin_web.conftest import SARANG, Accounts, Client, login


def test_capabilities_operator_lacks_rules_and_users() -> None:
    """An operator may do everything except change rules and manage accounts."""
    assert CAPABILITIES[AdminRole.CAMAT] == frozenset(Capability)
    assert frozenset(Capability) - CAPABILITIES[AdminRole.OPERATOR] == {
        Capability.CHANGE_RULES,
        Capability.MANAGE_USERS,
    }


def test_capabilities_kades_and_viewer_change_nothing_but_leave() -> None:
    """A Kades only decides leave; a viewer changes nothing at all."""
    changes = {c for c in Capability if not c.value.startswith("see_")}
    assert CAPABILITIES[AdminRole.KADES] & changes == {Capability.DECIDE_LEAVE}
    assert CAPABILITIES[AdminRole.VIEWER] & changes == set()


def test_principal_kades_sees_own_village_only() -> None:
    """A Kades principal sees its village and nothing district-wide; others see all."""
    kades = Principal(1, "k", AdminRole.KADES, village_id=7)
    viewer = Principal(2, "v", AdminRole.VIEWER)
    assert kades.sees_village(7)
    assert not kades.sees_village(8)
    assert not kades.sees_village(None)
    assert viewer.sees_village(8) and viewer.sees_village(None)


async def test_kades_dashboard_and_people_list_own_village(
    client: Client, accounts: Accounts, villagers: dict[str, Person]
) -> None:
    """The Kades' dashboard has one village row and the people list no one from elsewhere."""
    await login(client, accounts.kades)

    dashboard = await (await client.get("/admin/")).text()
    people = await (await client.get("/admin/orang")).text()

    assert dashboard.count("data-village=") == 1
    assert "Budi Santoso" in people
    assert "Joko Susilo" not in people


@pytest.mark.parametrize(
    "path",
    [
        f"/admin/desa/{SARANG}",
        f"/admin/laporan?desa={SARANG}",
        f"/admin/laporan/harian.csv?desa={SARANG}",
        f"/admin/laporan/bulanan.xlsx?desa={SARANG}",
        f"/admin/orang?desa={SARANG}",
    ],
)
async def test_kades_refused_other_village_pages(
    client: Client, accounts: Accounts, villagers: dict[str, Person], path: str
) -> None:
    """Every page and download of another village answers 403 to a Kades."""
    await login(client, accounts.kades)

    response = await client.get(path)

    assert response.status == 403
    assert "Joko Susilo" not in await response.text()


async def test_kades_refused_other_village_person_and_leave(
    client: Client, accounts: Accounts, villagers: dict[str, Person], ledger: Ledger
) -> None:
    """A person page or a leave letter of another village is refused to a Kades."""
    other = villagers["sarang"]
    leave = await submit_leave(
        ledger,
        LeaveRequest(other.id, LeaveType.SICK, ledger.today(), ledger.today(), "Sakit"),
        "test",
    )
    await login(client, accounts.kades)

    person = await client.get(f"/admin/orang/{other.id}")
    letter = await client.get(f"/admin/izin/{leave.id}/surat")
    listing = await (await client.get("/admin/izin")).text()

    assert (person.status, letter.status) == (403, 403)
    assert "Joko Susilo" not in listing


@pytest.mark.parametrize(
    "path", ["/admin/pemeriksaan", "/admin/mesin", "/admin/audit", "/admin/pengguna"]
)
async def test_kades_refused_district_pages(client: Client, accounts: Accounts, path: str) -> None:
    """The review queue, terminals, audit log and accounts are not for a Kades."""
    await login(client, accounts.kades)

    assert (await client.get(path)).status == 403


async def test_viewer_reads_but_cannot_change(
    client: Client, accounts: Accounts, villagers: dict[str, Person]
) -> None:
    """A viewer opens every district page but a change is refused with 403."""
    await login(client, accounts.viewer)
    page = await client.get("/admin/audit")
    token = (await page.text()).split('name="csrf_token" value="')[1].split('"')[0]

    created = await client.post(
        "/admin/orang",
        data={"name": "X", "role": "staf", "village": SARANG, "csrf_token": token},
    )

    assert page.status == 200
    assert created.status == 403
    assert not await Person.exists(name="X")
