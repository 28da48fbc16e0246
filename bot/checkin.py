"""Check-in and check-out by chat: a live selfie, then a live location from the office.

The flow, per person, always for the kind they chose ("Absen Masuk" or "Absen Pulang"; a retry
never turns into the other kind):

1. The selfie. Refused with the reason: forwarded, scheduled, sent as a file, too old, a picture
   already sent before (same Telegram file, or the same image by perceptual hash). The face is
   verified against the person's templates; a quality problem asks for another photo, a clear
   mismatch is recorded as a rejected attempt.
2. The location, which must be a live location: a static pin, a venue or a forwarded location is
   refused with instructions. Telegram only reports accuracy on the updates of a live location,
   so the bot waits for the first update (at most ``telegram.location_wait_seconds``) and then
   decides with what it has.
3. The judgement (:mod:`bot.judgement`) combines face, zone and trust; the ledger records the
   event once (key: the selfie's message), with the selfie's Telegram time as the event time.
   Doubtful events go to the camat group for review with the selfie, a map link and the reasons.

One check-in a day: when the person already has an accepted check-in today, "Absen Masuk" says
so and starts nothing. A second check-out is allowed (the last one counts), and the person is
told the new one replaces the earlier. A location that is not a place on Earth (NaN, infinite or
out of range) is refused and asked again, nothing recorded; such a live-location update is
ignored. A new location message outside a check-in is answered by :func:`location_outside_flow`.

Queued updates after downtime are judged by their own message time: a selfie older than
``telegram.max_message_age_seconds`` is refused and the person is asked to check in again.
Failed attempts (rejected events) are limited per person within a time window.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from telegram import KeyboardButton, Location, Message, ReplyKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.ext import (
    BaseHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    filters,
)

from attendance.clock import local_date_of
from attendance.day import CHECK_IN_AFTER_END
from attendance.enums import EventKind, EventSource, Verdict
from attendance.face_templates import load_templates
from attendance.ledger import NewEvent, Recorded
from attendance.models import AttendanceEvent, Person, SeenPicture, Village
from attendance.vocabulary import EVENT_NAMES, zone_name
from attendance.zones import load_official_trips, load_zones
from bot import texts
from bot.guard import sender_person
from bot.judgement import Judgement, judge
from bot.keyboard import cancel_only, main_menu
from bot.photo import download_photo, photo_problem
from bot.review import send_for_review
from bot.services import BotServices, services_of
from bot.status import today_of
from geofence.decision import ZoneDecision, decide_zones
from geofence.errors import GeofenceError
from geofence.messages import reason_text as location_reason_text
from geofence.point import Coordinate, check_accuracy
from geofence.trip import decide_trips
from geofence.trust import LocationFix, PreviousFix, TrustContext, assess_trust
from geofence.zone import CircleZone, Zone
from recognition.errors import RecognitionError, TemplateModelMismatch
from recognition.matcher import Decision
from recognition.messages import hint_for
from recognition.pose import PoseChallenge
from recognition.template import Template
from recognition.verifier import Verification

logger = logging.getLogger(__name__)

PHOTO, LOCATION = range(2)
DRAFT_KEY = "checkin.draft"
HISTORY_DAYS = 30

CHALLENGE_TEXTS = {
    PoseChallenge.FRONTAL: "wajah menghadap lurus ke kamera",
    PoseChallenge.TURN_LEFT: "wajah sedikit menoleh ke kiri",
    PoseChallenge.TURN_RIGHT: "wajah sedikit menoleh ke kanan",
}
ASK_LOCATION = (
    "Swafoto diterima. Sekarang bagikan lokasi langsung dari kantor desa:\n"
    "tekan 📎 → Lokasi → Bagikan Lokasi Terkini (live location), pilih 15 menit."
)
STATIC_REFUSED = (
    "Yang dikirim bukan lokasi langsung (live location). Tekan 📎 → Lokasi → Bagikan Lokasi "
    "Terkini, lalu pilih 15 menit."
)
FORWARDED_REFUSED = "Lokasi terusan (forward) tidak bisa dipakai. Bagikan lokasi langsung Anda."
VENUE_REFUSED = "Yang dikirim adalah nama tempat, bukan lokasi Anda. Bagikan lokasi langsung."
UNREADABLE_LOCATION = (
    "Lokasi tidak terbaca (koordinat tidak wajar), absen belum dicatat. Bagikan ulang lokasi "
    "terkini: tekan 📎 → Lokasi → Bagikan Lokasi Terkini, lalu pilih 15 menit."
)
WAITING = "Lokasi langsung diterima. Mohon tunggu sebentar, lokasi sedang diperiksa…"
STILL_WAITING = "Absen sebelumnya masih diperiksa. Tunggu sebentar."
STILL_CHECKING = (
    "Lokasi Anda sedang diperiksa. Tunggu hasilnya sebentar; lokasi tidak perlu dikirim lagi."
)
LOCATION_OUTSIDE_FLOW = (
    "Untuk absen, tekan Absen Masuk atau Absen Pulang dulu, kirim swafoto, lalu bagikan "
    "lokasi terkini."
)
NOT_ENROLLED = "Wajah Anda belum terdaftar. Daftarkan dulu dengan /daftarwajah."
REENROLL = (
    "Data wajah Anda perlu didaftarkan ulang karena model pengenal wajah berganti. "
    "Kirim /daftarwajah."
)
ENGINE_OFF = (
    "Maaf, pemeriksaan wajah sedang tidak tersedia, absen belum bisa dicatat. "
    "Coba lagi beberapa menit lagi."
)
SEEN_BEFORE = "Foto ini sudah pernah dikirim. Ambil swafoto baru dengan kamera."
CANCELLED = "Absen dibatalkan."
KIND_BUTTONS = {
    EventKind.CHECK_IN: texts.BUTTON_CHECK_IN,
    EventKind.CHECK_OUT: texts.BUTTON_CHECK_OUT,
}


@dataclass(slots=True)
class CheckinDraft:
    """What is known of a check-in in progress."""

    kind: EventKind
    person_id: int
    chat_id: int
    challenge: PoseChallenge | None = None
    photo_message_id: int | None = None
    photo_at: dt.datetime | None = None
    photo: bytes = b""
    photo_file_id: str | None = None
    fingerprint: str = ""
    verification: Verification | None = None
    location_message_id: int | None = None
    location: dict[str, Any] = field(default_factory=dict)
    updates: int = 0
    first_update_at: dt.datetime | None = None
    last_update_at: dt.datetime | None = None
    finished: bool = False


def _draft(context: ContextTypes.DEFAULT_TYPE) -> CheckinDraft | None:
    user_data: dict[str, Any] = context.user_data  # type: ignore[assignment]
    draft = user_data.get(DRAFT_KEY)
    return draft if isinstance(draft, CheckinDraft) else None


def _set_draft(context: ContextTypes.DEFAULT_TYPE, draft: CheckinDraft | None) -> None:
    user_data: dict[str, Any] = context.user_data  # type: ignore[assignment]
    if draft is None:
        user_data.pop(DRAFT_KEY, None)
    else:
        user_data[DRAFT_KEY] = draft


# -- 0. start --------------------------------------------------------------------------------


async def begin_check_in(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Start a check-in."""
    return await _begin(update, context, EventKind.CHECK_IN)


async def begin_check_out(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Start a check-out."""
    return await _begin(update, context, EventKind.CHECK_OUT)


async def _begin(update: Update, context: ContextTypes.DEFAULT_TYPE, kind: EventKind) -> int:
    message = update.effective_message
    if message is None:
        return ConversationHandler.END
    if message.chat.type != ChatType.PRIVATE:
        await message.reply_text(texts.PRIVATE_ONLY)
        return ConversationHandler.END
    person = await sender_person(update)
    if person is None:
        await message.reply_text(texts.NOT_REGISTERED)
        return ConversationHandler.END
    services = services_of(context)
    if _waiting_for_location(context):
        await message.reply_text(STILL_WAITING)
        return ConversationHandler.END

    today, zone = await today_of(person, services)
    day = await services.ledger.recompute(person.id, today)
    note = ""
    if kind is EventKind.CHECK_IN and day.first_in is not None:
        logger.info("Person %s already checked in today; check-in not started", person.id)
        await message.reply_text(
            f"Anda sudah absen masuk pukul {_local_time(day.first_in, zone)} hari ini. "
            "Absen masuk cukup sekali sehari; saat pulang, tekan Absen Pulang.",
            reply_markup=main_menu(),
        )
        return ConversationHandler.END
    if kind is EventKind.CHECK_OUT and day.last_out is not None:
        note = (
            f"Anda sudah absen pulang pukul {_local_time(day.last_out, zone)} hari ini; "
            "absen pulang yang baru akan menggantikannya.\n"
        )

    if services.faces is None:
        await message.reply_text(ENGINE_OFF)
        return ConversationHandler.END

    refusal = await _attempts_refusal(person, services)
    if refusal is not None:
        await message.reply_text(refusal, reply_markup=main_menu())
        return ConversationHandler.END

    templates = await _templates(person, services)
    if not templates:
        await message.reply_text(NOT_ENROLLED, reply_markup=main_menu())
        return ConversationHandler.END
    if services.faces.needs_reenrollment(templates):
        await message.reply_text(REENROLL, reply_markup=main_menu())
        return ConversationHandler.END

    challenge = None
    if services.settings.telegram.pose_challenge:
        challenge = secrets.choice(list(PoseChallenge))
    _set_draft(context, CheckinDraft(kind, person.id, message.chat.id, challenge))
    pose = f" dengan {CHALLENGE_TEXTS[challenge]}" if challenge else ""
    await message.reply_text(
        f"{note}{EVENT_NAMES[kind]}: kirim swafoto{pose}, langsung dari kamera "
        "(bukan dari galeri).",
        reply_markup=cancel_only(),
    )
    return PHOTO


def _waiting_for_location(context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Tell whether a check-in has its live location and waits for the updates and decision."""
    draft = _draft(context)
    return draft is not None and draft.location_message_id is not None and not draft.finished


def _local_time(instant: dt.datetime, zone: str) -> str:
    return f"{texts.clock(instant, zone)} {zone_name(zone)}"


async def _attempts_refusal(person: Person, services: BotServices) -> str | None:
    """Refuse when the person had too many rejected attempts in the window."""
    telegram = services.settings.telegram
    since = services.ledger.now() - dt.timedelta(minutes=telegram.attempt_window_minutes)
    failures = await AttendanceEvent.filter(
        person_id=person.id,
        source=EventSource.TELEGRAM,
        verdict=Verdict.REJECTED,
        received_at__gte=since,
    ).count()
    if failures < telegram.max_failed_attempts:
        return None
    logger.warning("Person %s reached %s failed attempts; refused", person.id, failures)
    return (
        f"Terlalu banyak percobaan yang gagal. Coba lagi setelah "
        f"{telegram.attempt_window_minutes} menit, atau hubungi operator kecamatan."
    )


async def _templates(person: Person, services: BotServices) -> list[Template]:
    return [Template.from_bytes(data) for data in await load_templates(person.id, services.vault)]


# -- 1. the selfie ---------------------------------------------------------------------------


async def receive_photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Check and verify the selfie, then ask for the live location."""
    message = update.effective_message
    draft = _draft(context)
    services = services_of(context)
    if message is None or draft is None or services.faces is None:
        return ConversationHandler.END

    problem = photo_problem(message, services.ledger.now(), services.settings)
    if problem is not None:
        logger.info("Selfie of person %s refused before verification", draft.person_id)
        await message.reply_text(problem)
        return PHOTO

    unique_id = message.photo[-1].file_unique_id
    if await SeenPicture.exists(file_unique_id=unique_id):
        logger.info("Selfie of person %s was sent before (same file)", draft.person_id)
        await message.reply_text(SEEN_BEFORE)
        return PHOTO

    data = await download_photo(message)
    person = await Person.get(id=draft.person_id)
    earlier = await SeenPicture.filter(person_id=person.id).order_by("-id").limit(200)
    try:
        verification = await services.faces.verify(
            data,
            await _templates(person, services),
            challenge=draft.challenge,
            previous_fingerprints=[row.phash for row in earlier],
        )
    except TemplateModelMismatch:
        await message.reply_text(REENROLL, reply_markup=main_menu())
        return ConversationHandler.END
    except RecognitionError as err:
        logger.info("Selfie of person %s failed the gate: %s", person.id, err.code)
        await message.reply_text(f"{hint_for(err)}\nKirim swafoto baru.")
        return PHOTO

    await SeenPicture.create(
        person=person, file_unique_id=unique_id, phash=verification.fingerprint
    )
    draft.photo_message_id = message.message_id
    draft.photo_at = message.date
    draft.photo = data
    draft.photo_file_id = message.photo[-1].file_id
    draft.fingerprint = verification.fingerprint
    draft.verification = verification
    logger.info(
        "Selfie of person %s: %s (score %.3f)",
        person.id,
        verification.decision.value,
        verification.score,
    )

    if verification.decision is Decision.REJECT:
        await _finish(context, draft, message)
        return ConversationHandler.END

    await message.reply_text(ASK_LOCATION, reply_markup=_location_keyboard())
    return LOCATION


def _location_keyboard() -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup([[KeyboardButton(texts.BUTTON_CANCEL)]], resize_keyboard=True)


async def photo_expected(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Explain that a selfie photo is expected now."""
    message = update.effective_message
    if message is not None:
        if message.document is not None:
            from bot.photo import AS_FILE

            await message.reply_text(AS_FILE)
        else:
            await message.reply_text("Kirim swafoto sebagai foto, atau tekan Batal.")
    return PHOTO


# -- 2. the location -------------------------------------------------------------------------


async def receive_location(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Take a live location; refuse static pins, venues and forwards."""
    message = update.effective_message
    draft = _draft(context)
    if message is None or draft is None or message.location is None:
        return ConversationHandler.END

    if message.forward_origin is not None:
        await message.reply_text(FORWARDED_REFUSED)
        return LOCATION
    if message.venue is not None:
        await message.reply_text(VENUE_REFUSED)
        return LOCATION
    if message.location.live_period is None:
        logger.info("Static location from person %s refused", draft.person_id)
        await message.reply_text(STATIC_REFUSED)
        return LOCATION
    if not _readable(message.location):
        logger.warning("Location of person %s refused: coordinates not usable", draft.person_id)
        await message.reply_text(UNREADABLE_LOCATION)
        return LOCATION

    draft.location_message_id = message.message_id
    draft.location = _location_facts(message)
    await message.reply_text(WAITING, reply_markup=main_menu())

    wait = services_of(context).settings.telegram.location_wait_seconds
    if context.job_queue is not None and update.effective_user is not None:
        context.job_queue.run_once(
            finish_after_wait,
            when=wait,
            chat_id=draft.chat_id,
            user_id=update.effective_user.id,
            name=f"checkin-wait:{draft.person_id}",
        )
    return ConversationHandler.END


async def location_expected(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Explain that a live location is expected now."""
    if update.effective_message is not None:
        await update.effective_message.reply_text(STATIC_REFUSED)
    return LOCATION


def _readable(location: Location) -> bool:
    """Tell whether a location has finite, in-range coordinates and a usable accuracy."""
    try:
        Coordinate(location.latitude, location.longitude)
        check_accuracy(location.horizontal_accuracy)
    except GeofenceError:
        return False
    return True


async def location_outside_flow(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a new location message that no check-in asked for.

    Live-location updates are edited messages and never reach this handler, so a check-in that
    waits for them is not disturbed; its person is only asked to wait for the decision.
    """
    message = update.effective_message
    if message is None:
        return
    if await sender_person(update) is None:
        await message.reply_text(texts.NOT_REGISTERED)
        return
    if _waiting_for_location(context):
        await message.reply_text(STILL_CHECKING)
        return
    await message.reply_text(LOCATION_OUTSIDE_FLOW, reply_markup=main_menu())


def _location_facts(message: Message) -> dict[str, Any]:
    assert message.location is not None
    location = message.location
    period = location.live_period
    seconds = int(period.total_seconds()) if isinstance(period, dt.timedelta) else period
    return {
        "lat": location.latitude,
        "lng": location.longitude,
        "accuracy": location.horizontal_accuracy,
        "live_period_s": seconds,
        "message_at": message.date,
        "scheduled": bool(message.is_from_offline),
    }


async def live_update(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Take a live-location update of a waiting check-in, and finish it."""
    message = update.edited_message
    draft = _draft(context)
    if message is None or message.location is None or draft is None or draft.finished:
        return
    if message.message_id != draft.location_message_id:
        return
    if not _readable(message.location):
        logger.warning("Live update of person %s ignored: coordinates not usable", draft.person_id)
        return

    draft.updates += 1
    at = message.edit_date or services_of(context).ledger.now()
    draft.first_update_at = draft.first_update_at or at
    draft.last_update_at = at
    draft.location.update(
        lat=message.location.latitude,
        lng=message.location.longitude,
        accuracy=message.location.horizontal_accuracy,
    )
    needed = services_of(context).settings.geofence.min_live_updates
    if draft.updates >= needed:
        await _finish(context, draft, None)


async def finish_after_wait(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Decide a waiting check-in with what is known once the wait is over."""
    draft = _draft(context)
    if draft is not None and not draft.finished:
        await _finish(context, draft, None)


# -- 3. the judgement ------------------------------------------------------------------------


async def _finish(
    context: ContextTypes.DEFAULT_TYPE, draft: CheckinDraft, message: Message | None
) -> None:
    draft.finished = True
    services = services_of(context)
    person = await Person.get(id=draft.person_id)
    village = await Village.get(id=person.village_id)
    verification = draft.verification
    assert verification is not None and draft.photo_at is not None

    evidence: dict[str, Any] = {
        "face_score": round(verification.score, 4),
        "face_decision": verification.decision.value,
        "spoof_score": verification.spoof_score,
        "photo_message_id": draft.photo_message_id,
        "pose_challenge": draft.challenge.value if draft.challenge else None,
    }
    if verification.decision is Decision.REJECT or not draft.location:
        judgement = Judgement(
            Verdict.REJECTED, tuple(f"face_{r.value}" for r in verification.reasons), False
        )
    else:
        try:
            judgement = await _judge_location(services, person, village, draft, evidence)
        except GeofenceError as err:
            logger.warning("Location of person %s unusable: %s", person.id, type(err).__name__)
            judgement = Judgement(Verdict.REVIEW, ("location_invalid",), False)

    recorded = await services.ledger.record(
        NewEvent(
            idempotency_key=f"telegram:{draft.chat_id}:{draft.photo_message_id}",
            source=EventSource.TELEGRAM,
            kind=draft.kind,
            occurred_at=draft.photo_at,
            person_id=person.id,
            evidence=evidence,
            verdict=judgement.verdict,
            reasons=judgement.reasons,
        )
    )
    _set_draft(context, None)
    logger.info(
        "Check-in event %s of person %s: %s%s",
        recorded.event.id,
        person.id,
        judgement.verdict.value,
        "" if recorded.created else " (already stored)",
    )

    if judgement.verdict is Verdict.REVIEW and recorded.created:
        await send_for_review(
            context, recorded, person, village, draft.photo, draft.photo_file_id, evidence
        )
    text = _answer(draft.kind, judgement, recorded, village.timezone, verification)
    await context.bot.send_message(draft.chat_id, text, reply_markup=main_menu())


async def _judge_location(
    services: BotServices,
    person: Person,
    village: Village,
    draft: CheckinDraft,
    evidence: dict[str, Any],
) -> Judgement:
    settings = services.settings.geofence
    facts = draft.location
    point = Coordinate(facts["lat"], facts["lng"])
    accuracy = facts["accuracy"]
    now = services.ledger.now()

    zones = await load_zones(village.code)
    zone = decide_zones(zones, point, accuracy_m=accuracy, settings=settings)
    trip = None
    if zone.decision is ZoneDecision.OUTSIDE:
        zone_date = now.astimezone(ZoneInfo(village.timezone)).date()
        trips = await load_official_trips(person.id, zone_date)
        if trips:
            trip = decide_trips(
                trips, point, on_date=zone_date, accuracy_m=accuracy, settings=settings
            )

    fix = LocationFix(
        point=point,
        message_at=facts["message_at"],
        received_at=now,
        horizontal_accuracy_m=accuracy,
        live_period_s=facts["live_period_s"],
        live_updates=draft.updates,
        first_update_at=draft.first_update_at,
        last_update_at=draft.last_update_at,
        scheduled=facts["scheduled"],
    )
    boundary = services.settings.district.day_boundary_hour
    today = local_date_of(now, ZoneInfo(village.timezone), boundary)
    context = await _trust_context(person, zones, now, today)
    trust = assess_trust(fix, context, settings=settings)
    assert draft.verification is not None

    evidence.update(
        lat=facts["lat"],
        lng=facts["lng"],
        accuracy_m=accuracy,
        live_updates=draft.updates,
        zone=zone.to_dict(),
        trust_score=trust.score,
        trip=trip.to_dict() if trip else None,
    )
    return judge(draft.verification, zone, trust, trip)


async def _trust_context(
    person: Person, zones: Sequence[Zone], now: dt.datetime, today: dt.date
) -> TrustContext:
    """Gather earlier fixes: the person's last one, their earlier points, other people's."""
    since = now - dt.timedelta(days=HISTORY_DAYS)
    rows = await AttendanceEvent.filter(
        source=EventSource.TELEGRAM, received_at__gte=since
    ).order_by("occurred_at")
    previous: PreviousFix | None = None
    mine: set[Coordinate] = set()
    others: set[Coordinate] = set()
    for row in rows:
        lat, lng = row.evidence.get("lat"), row.evidence.get("lng")
        if lat is None or lng is None:
            continue
        point = Coordinate(lat, lng)
        if row.person_id == person.id:
            # The same point twice in one day is normal (check-in, check-out at one desk).
            if row.local_date != today:
                mine.add(point)
            previous = PreviousFix(point, row.occurred_at, row.evidence.get("accuracy_m"))
        else:
            others.add(point)

    offices = tuple(zone.centre for zone in zones if isinstance(zone, CircleZone))
    return TrustContext(
        previous_fix=previous,
        earlier_points=frozenset(mine),
        other_people_points=frozenset(others),
        office_points=offices,
    )


def _answer(
    kind: EventKind,
    judgement: Judgement,
    recorded: Recorded,
    zone: str,
    verification: Verification,
) -> str:
    """Tell the person what happened, in the office's local time."""
    when = texts.clock(recorded.event.occurred_at, zone) + " " + zone_name(zone)
    what = EVENT_NAMES[kind]
    if judgement.verdict is Verdict.REJECTED:
        retry = f"\nUntuk mencoba lagi, tekan {KIND_BUTTONS[kind]}."
        return f"{what} pukul {when} DITOLAK.\n" + _reasons_text(judgement, verification) + retry
    if judgement.verdict is Verdict.REVIEW:
        return f"{what} pukul {when} tercatat dan menunggu pemeriksaan camat.\n" + _reasons_text(
            judgement, verification
        )

    day = recorded.day
    text = f"{what} tercatat pukul {when}."
    if judgement.official_trip:
        text += " (dinas luar)"
    if day is not None and kind is EventKind.CHECK_IN:
        text += (
            f" Anda terlambat {day.late_minutes} menit." if day.late_minutes else " Tepat waktu."
        )
        if CHECK_IN_AFTER_END in day.reasons:
            text += " Jam kerja hari ini sudah berakhir."
    if day is not None and kind is EventKind.CHECK_OUT and day.early_minutes:
        text += f" Anda pulang {day.early_minutes} menit sebelum waktunya."
    return text + " Terima kasih."


def _reasons_text(judgement: Judgement, verification: Verification) -> str:
    """List the reasons in Indonesian, with what to do."""
    from recognition.messages import text_for

    lines = [f"• {text_for(reason)}" for reason in verification.reasons]
    for reason in judgement.reasons:
        if reason.startswith("location_") or reason.startswith("zone_"):
            code = reason.split("_", 1)[1]
            lines.append(f"• {_location_text(code)}")
    if not lines:
        lines.append("• Data tidak lengkap.")
    return "Alasan:\n" + "\n".join(dict.fromkeys(lines))


def _location_text(code: str) -> str:
    from geofence.reason import Reason

    try:
        return location_reason_text(Reason(code))
    except ValueError:
        return "Lokasi tidak dapat dipastikan."


async def cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Abandon the check-in in progress."""
    _set_draft(context, None)
    if update.effective_message is not None:
        await update.effective_message.reply_text(CANCELLED, reply_markup=main_menu())
    return ConversationHandler.END


def checkin_handlers() -> tuple[BaseHandler[Update, Any, Any], BaseHandler[Update, Any, Any]]:
    """Return the check-in conversation and the live-location update handler."""
    conversation = ConversationHandler(
        entry_points=[
            CommandHandler("masuk", begin_check_in),
            CommandHandler("pulang", begin_check_out),
            MessageHandler(filters.Text([texts.BUTTON_CHECK_IN]), begin_check_in),
            MessageHandler(filters.Text([texts.BUTTON_CHECK_OUT]), begin_check_out),
        ],
        states={
            PHOTO: [
                MessageHandler(filters.PHOTO & filters.UpdateType.MESSAGE, receive_photo),
                MessageHandler(filters.Text([texts.BUTTON_CANCEL]), cancel),
                MessageHandler(filters.UpdateType.MESSAGE & ~filters.COMMAND, photo_expected),
            ],
            LOCATION: [
                MessageHandler(filters.LOCATION & filters.UpdateType.MESSAGE, receive_location),
                MessageHandler(filters.Text([texts.BUTTON_CANCEL]), cancel),
                MessageHandler(filters.UpdateType.MESSAGE & ~filters.COMMAND, location_expected),
            ],
        },
        fallbacks=[CommandHandler("batal", cancel)],
        name="checkin",
        conversation_timeout=10 * 60,
        allow_reentry=True,
    )
    live = MessageHandler(filters.UpdateType.EDITED_MESSAGE & filters.LOCATION, live_update)
    return conversation, live
