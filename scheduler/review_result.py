"""Telling a person how the camat decided their doubtful check-in, whichever way it was decided.

The Telegram review buttons and the web admin's review queue both call :func:`tell_review_result`
after :meth:`attendance.ledger.Ledger.review` succeeded. The message leaves through the outbox,
once per event (dedupe key ``review_result|<chat>|-|<event id>``).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from attendance.enums import Verdict
from attendance.models import AttendanceEvent, ChatAccount, Person
from attendance.vocabulary import EVENT_NAMES, zone_name
from scheduler.outbox import TextMessage, dedupe_key, enqueue


def review_result_text(event: AttendanceEvent, verdict: Verdict, timezone: str) -> str:
    """Return the message telling a person the decision on one of their events."""
    local = event.occurred_at.astimezone(ZoneInfo(timezone))
    when = f"{local:%d-%m-%Y %H:%M} {zone_name(timezone)}"
    word = "DITERIMA" if verdict is Verdict.ACCEPTED else "DITOLAK"
    text = f"{EVENT_NAMES[event.kind]} Anda #{event.id} ({when}) {word} oleh camat."
    if verdict is Verdict.REJECTED:
        text += " Jika keliru, hubungi operator kecamatan."
    return text


async def tell_review_result(event_id: int, verdict: Verdict) -> bool:
    """Queue the decision for the person's chat; return False when there is none to tell."""
    event = await AttendanceEvent.get(id=event_id)
    if event.person_id is None:
        return False
    account = await ChatAccount.get_or_none(person_id=event.person_id, channel="telegram")
    if account is None:
        return False
    person = await Person.get(id=event.person_id).prefetch_related("village")
    timezone = person.village.timezone
    await enqueue(
        dedupe_key("review_result", account.external_id, "-", event.id),
        account.external_id,
        "review_result",
        TextMessage(review_result_text(event, verdict, timezone)),
        person_id=event.person_id,
    )
    return True
