"""Working hours and holidays: dated versions of the rule, local holiday changes, and who did what.

A new version of the working hours starts on a later date and never changes earlier days
(:meth:`attendance.ledger.Ledger.add_work_rule`). Holiday overrides add a day off or keep a
national holiday as a working day, for the district or one village. Only the camat changes these;
everyone may read them, with the audit trail of the changes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from aiohttp import web
from pydantic import ValidationError

from admin_web import forms
from admin_web.access import Capability, require, village_for, visible_villages
from admin_web.render import flash, page, redirect
from attendance.audit import record_audit
from attendance.enums import HolidayKind
from attendance.errors import RuleError
from attendance.holiday import national_holiday
from attendance.models import AuditEntry, HolidayOverride, WorkRuleVersion
from attendance.vocabulary import DAYS
from attendance.workrule import rule_in_force
from config.district import WEEKDAYS, WorkRuleSettings
from service.web import LEDGER_KEY

WEEKDAY_NAMES = dict(zip(WEEKDAYS, DAYS, strict=True))
HISTORY_ACTIONS = ("work_rule.add", "holiday.add", "holiday.delete")
HISTORY_ROWS = 50


async def rules_page(request: web.Request) -> web.Response:
    """Show the versions of the working hours, the holidays, and the history of changes."""
    me = require(request, Capability.SEE_RULES)
    ledger = request.config_dict[LEDGER_KEY]
    today = ledger.today()
    versions = await WorkRuleVersion.filter(district_id=ledger.district.code).order_by(
        "-effective_from"
    )
    rules = await ledger.work_rules()
    current = rule_in_force(rules, today)
    overrides = (
        await HolidayOverride.filter(date__gte=today - dt.timedelta(days=60))
        .order_by("date")
        .prefetch_related("village")
    )
    history = (
        await AuditEntry.filter(action__in=HISTORY_ACTIONS).order_by("-at").limit(HISTORY_ROWS)
    )
    return await page(
        request,
        "rules.html",
        {
            "versions": versions,
            "current": current,
            "weekdays": WEEKDAY_NAMES,
            "overrides": [
                o for o in overrides if me.sees_village(o.village_id) or o.village_id is None
            ],
            "national": national_holidays(today.year) + national_holidays(today.year + 1),
            "history": history,
            "villages": await visible_villages(me, ledger.district.code),
            "kinds": tuple(HolidayKind),
            "tomorrow": today + dt.timedelta(days=1),
            "timezone": ledger.district.timezone,
        },
    )


def national_holidays(year: int) -> list[tuple[dt.date, str]]:
    """Return the national holidays and cuti bersama of `year`."""
    date = dt.date(year, 1, 1)
    found: list[tuple[dt.date, str]] = []
    while date.year == year:
        name = national_holiday(date)
        if name is not None:
            found.append((date, name))
        date += dt.timedelta(days=1)
    return found


def rule_from_form(form: Any, copy_periods_from: WorkRuleSettings | None) -> WorkRuleSettings:
    """Build a work-rule version from the form; raise 400 saying, in Indonesian, what is wrong."""
    days: dict[str, dict[str, str]] = {}
    for day in WEEKDAYS:
        label = WEEKDAY_NAMES[day]
        start = forms.time(form, f"{day}_start", required=False, label=f"jam masuk {label}")
        end = forms.time(form, f"{day}_end", required=False, label=f"jam pulang {label}")
        if (start is None) != (end is None):
            msg = f"Hari {label}: isi jam masuk dan jam pulang."
            raise forms.bad_request(msg)
        if start is not None and end is not None:
            if end <= start:
                msg = f"Hari {label}: jam pulang harus setelah jam masuk."
                raise forms.bad_request(msg)
            days[day] = {"start": start.isoformat(), "end": end.isoformat()}
    if not days:
        msg = "Isi jam masuk dan jam pulang untuk paling sedikit satu hari kerja."
        raise forms.bad_request(msg)
    effective_from = forms.date(form, "effective_from")
    periods: tuple[dict[str, Any], ...] = ()
    if copy_periods_from is not None and forms.checkbox(form, "copy_periods"):
        periods = tuple(
            period.model_dump(mode="json")
            for period in copy_periods_from.special_periods
            if effective_from is not None and period.end >= effective_from
        )
    try:
        return WorkRuleSettings.model_validate(
            {
                "name": forms.text(form, "name", max_length=200),
                "effective_from": effective_from,
                "grace_minutes": forms.integer(form, "grace_minutes", maximum=240),
                "days": days,
                "special_periods": periods,
            }
        )
    except ValidationError as err:
        # The checks above cover what the form can get wrong; pydantic's own message is
        # English, so only where the problem lies is shown.
        msg = f"Jam kerja tidak valid ({_where(err)}). Periksa isian lalu coba lagi."
        raise forms.bad_request(msg) from err


def _where(err: ValidationError) -> str:
    """Return where the first problem of `err` lies, in Indonesian."""
    loc = err.errors()[0]["loc"]
    parts = [str(part) for part in loc]
    if parts[:1] == ["days"] and len(parts) > 1:
        return f"hari {WEEKDAY_NAMES.get(parts[1], parts[1])}"
    if parts[:1] == ["special_periods"]:
        return "masa khusus"
    return forms.label_of(parts[0]) if parts else "isian"


async def rule_add(request: web.Request) -> web.Response:
    """Store a new version of the working hours, starting on a later date."""
    me = require(request, Capability.CHANGE_RULES)
    ledger = request.config_dict[LEDGER_KEY]
    form = await request.post()
    current = rule_in_force(await ledger.work_rules(), ledger.today())
    rule = rule_from_form(form, current)
    reason = forms.text(form, "reason", max_length=300)
    try:
        await ledger.add_work_rule(rule, me.actor, reason)
    except RuleError as err:
        flash(request, f"Versi jam kerja tidak disimpan: {err.hint}", "error")
    else:
        flash(request, f"Jam kerja {rule.name!r} berlaku mulai {rule.effective_from}.")
    redirect(request, "rules")


async def holiday_add(request: web.Request) -> web.Response:
    """Add a day off, or keep a holiday as a working day, for the district or one village."""
    me = require(request, Capability.CHANGE_RULES)
    ledger = request.config_dict[LEDGER_KEY]
    form = await request.post()
    date = forms.date(form, "date")
    assert date is not None
    kind = forms.choice(form, "kind", HolidayKind)
    name = forms.text(form, "name", max_length=150)
    code = forms.village_code(form, required=False)
    village = await village_for(me, code) if code else None
    override = await HolidayOverride.create(
        date=date, kind=kind, name=name, village=village, created_by=me.actor
    )
    await record_audit(
        me.actor,
        "holiday.add",
        "holiday_override",
        override.id,
        details={"date": date.isoformat(), "kind": kind.value, "village": code or None},
    )
    if date <= ledger.today():
        await ledger.recompute_many(date, code or None)
    flash(request, f"{name} pada {date} disimpan.")
    redirect(request, "rules")


async def holiday_delete(request: web.Request) -> web.Response:
    """Remove a holiday override."""
    me = require(request, Capability.CHANGE_RULES)
    ledger = request.config_dict[LEDGER_KEY]
    override_id = forms.path_id(request, "override_id", "Hari libur")
    override = await HolidayOverride.get_or_none(id=override_id).prefetch_related("village")
    if override is None:
        raise web.HTTPNotFound(text=f"Hari libur nomor {override_id} tidak ada.")
    code = override.village.code if override.village is not None else None
    await HolidayOverride.filter(id=override.id).delete()
    await record_audit(
        me.actor,
        "holiday.delete",
        "holiday_override",
        override.id,
        details={"date": override.date.isoformat(), "name": override.name, "village": code},
    )
    if override.date <= ledger.today():
        await ledger.recompute_many(override.date, code)
    flash(request, f"{override.name} pada {override.date} dihapus.")
    redirect(request, "rules")


def add_routes(router: web.UrlDispatcher) -> None:
    """Add the routes of working hours and holidays."""
    router.add_get("/aturan", rules_page, name="rules")
    router.add_post("/aturan/jam-kerja", rule_add, name="rule_add")
    router.add_post("/aturan/libur", holiday_add, name="holiday_add")
    router.add_post(
        "/aturan/libur/{override_id:\\d+}/hapus", holiday_delete, name="holiday_delete"
    )
