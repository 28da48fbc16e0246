"""Who may do what, and which villages they see: the one place every view and download asks.

Roles (``attendance.enums.AdminRole``):

| capability | camat | operator | kades | viewer |
|---|---|---|---|---|
| see attendance, people, leave, warnings, reports, map, rules | all | all | own village | all |
| see the review queue, terminals, audit log | yes | yes | no | yes |
| change people, faces, PINs, terminals, office points | yes | yes | no | no |
| decide reviews; record outage excuses | yes | yes | no | no |
| decide leave | yes | yes | own perangkat | no |
| change work rules and holidays | yes | no | no | no |
| manage admin accounts | yes | no | no | no |

A Kades account is bound to one village: :func:`village_scope` turns that into the filter every
query of village data applies, and :func:`ensure_village` refuses (403) a page or download of
another village before anything of it is read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from aiohttp import web
from tortoise.models import Model
from tortoise.queryset import QuerySet

from admin_web.forms import shown
from attendance.enums import AdminRole
from attendance.models import Village
from attendance.people import is_village_code

M = TypeVar("M", bound=Model)


class Capability(StrEnum):
    """One thing an admin may do in the web admin."""

    SEE_ATTENDANCE = "see_attendance"
    SEE_RULES = "see_rules"
    SEE_REVIEW = "see_review"
    SEE_DEVICES = "see_devices"
    SEE_AUDIT = "see_audit"
    CHANGE_PEOPLE = "change_people"
    CHANGE_ZONES = "change_zones"
    CHANGE_DEVICES = "change_devices"
    DECIDE_REVIEW = "decide_review"
    DECIDE_LEAVE = "decide_leave"
    EXCUSE_OUTAGE = "excuse_outage"
    CHANGE_RULES = "change_rules"
    MANAGE_USERS = "manage_users"


_EVERYTHING = frozenset(Capability)
_READ_ALL = frozenset(
    {
        Capability.SEE_ATTENDANCE,
        Capability.SEE_RULES,
        Capability.SEE_REVIEW,
        Capability.SEE_DEVICES,
        Capability.SEE_AUDIT,
    }
)

CAPABILITIES: Mapping[AdminRole, frozenset[Capability]] = {
    AdminRole.CAMAT: _EVERYTHING,
    AdminRole.OPERATOR: _EVERYTHING - {Capability.CHANGE_RULES, Capability.MANAGE_USERS},
    AdminRole.KADES: frozenset(
        {Capability.SEE_ATTENDANCE, Capability.SEE_RULES, Capability.DECIDE_LEAVE}
    ),
    AdminRole.VIEWER: _READ_ALL,
}

ROLE_LABELS: Mapping[AdminRole, str] = {
    AdminRole.CAMAT: "Camat / admin",
    AdminRole.OPERATOR: "Operator kecamatan",
    AdminRole.KADES: "Kepala Desa",
    AdminRole.VIEWER: "Pemantau",
}


@dataclass(frozen=True, slots=True)
class Principal:
    """The admin making the request, as loaded from the database for this request."""

    user_id: int
    username: str
    role: AdminRole
    village_id: int | None = None
    village_code: str | None = None
    village_name: str | None = None

    @property
    def actor(self) -> str:
        """Return the name written to the audit log for this admin's actions."""
        return f"web:{self.username}"

    @property
    def bound_to_village(self) -> bool:
        """Tell whether this admin sees one village only."""
        return self.role is AdminRole.KADES

    @property
    def role_label(self) -> str:
        """Return the Indonesian name of the role."""
        return ROLE_LABELS[self.role]

    def can(self, capability: Capability) -> bool:
        """Tell whether this admin has `capability`."""
        return capability in CAPABILITIES[self.role]

    def sees_village(self, village_id: int | None) -> bool:
        """Tell whether this admin may see data of `village_id` (None: district-wide data)."""
        if not self.bound_to_village:
            return True
        return village_id is not None and village_id == self.village_id


PRINCIPAL_KEY = web.RequestKey("admin_principal", Principal)


def principal_of(request: web.Request) -> Principal:
    """Return the logged-in admin of `request` (set by the login middleware)."""
    principal = request.get(PRINCIPAL_KEY)
    if not isinstance(principal, Principal):
        raise web.HTTPUnauthorized(text="Silakan masuk terlebih dahulu.")
    return principal


def require(request: web.Request, capability: Capability) -> Principal:
    """Return the logged-in admin, or answer 403 when they lack `capability`."""
    principal = principal_of(request)
    if not principal.can(capability):
        raise web.HTTPForbidden(text=f"Akun {principal.username} tidak berwenang untuk ini.")
    return principal


def ensure_village(principal: Principal, village_id: int | None) -> None:
    """Answer 403 unless `principal` may see data of `village_id`."""
    if not principal.sees_village(village_id):
        raise web.HTTPForbidden(
            text=f"Akun {principal.username} hanya dapat melihat data desanya sendiri."
        )


def village_scope(principal: Principal) -> int | None:
    """Return the one village id `principal` is limited to, or None for the whole district."""
    if not principal.bound_to_village:
        return None
    if principal.village_id is None:
        # A Kades account without a village sees nothing rather than everything.
        return -1
    return principal.village_id


def scoped(query: QuerySet[M], principal: Principal, field: str = "village_id") -> QuerySet[M]:
    """Limit `query` to the village of a village-bound admin; `field` names the village column."""
    village_id = village_scope(principal)
    if village_id is None:
        return query
    return query.filter(**{field: village_id})


async def visible_villages(principal: Principal, district_code: str) -> list[Village]:
    """Return the active villages of the district that `principal` may see, by name."""
    query = Village.filter(district_id=district_code, active=True)
    return await scoped(query, principal, field="id").order_by("name")


async def village_for(principal: Principal, code: str) -> Village:
    """Return the village with `code`: 404 when there is none, 403 when it is not theirs.

    A code not shaped like one (33.17.12.2012) is answered 404 without a query.
    """
    village = await Village.get_or_none(code=code) if is_village_code(code) else None
    if village is None:
        raise web.HTTPNotFound(text=f"Desa dengan kode {shown(code)} tidak ada.")
    ensure_village(principal, village.id)
    return village
