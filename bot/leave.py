"""Leave in chat: ``/izin`` asks type → dates → (destination) → reason → optional letter, and the
approver decides with inline buttons.

The request goes to the approver through the outbox: the Kades of the village for perangkat
desa, the camat group for a Kades (or when the village's Kades cannot be reached). A button press
is checked against the approver rule in :mod:`attendance.leave`: a Kades presses in their private
chat, the camat (a listed admin of the camat group) presses in the group. The person who asked is
told the decision through the outbox as well. The handlers take the ledger, settings and vault from
the application's :class:`bot.services.BotServices`; :func:`bot.application.add_handlers`
registers them.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import ReplyKeyboardMarkup, ReplyKeyboardRemove, Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    filters,
)

from attendance.enums import LeaveType
from attendance.errors import AttendanceError
from attendance.leave import (
    ApprovalPolicy,
    Approver,
    LeaveRequest,
    approver_role,
    decide_leave,
    may_decide,
    submit_leave,
)
from attendance.models import Leave, Person
from attendance.vocabulary import LEAVE_NAMES, ROLE_NAMES, plain_date
from bot.dates import DateProblem, read_range
from bot.group import is_camat_admin
from bot.guard import sender_person
from bot.keyboard import main_menu
from bot.services import services_of
from bot.status import today_of
from config.scheduler import SchedulerSettings
from scheduler.outbox import (
    DocumentMessage,
    PhotoMessage,
    TextMessage,
    chat_recipient,
    dedupe_key,
    enqueue,
    person_recipient,
)
from scheduler.snapshot import chat_of, kades_chats_of

logger = logging.getLogger(__name__)

TYPE, DATES, DESTINATION, REASON, DOCUMENT = range(5)
TIMEOUT_SECONDS = 30 * 60
# Leave more than this many days from today is refused before the ledger sees it.
WITHIN_DAYS = 366
CALLBACK = re.compile(r"^leave:(approve|reject):(\d+)$")
CHOICES = {
    "izin": LeaveType.PERMISSION,
    "sakit": LeaveType.SICK,
    "cuti": LeaveType.LEAVE,
    "dinas luar": LeaveType.OFFICIAL_TRIP,
}
KEYBOARD = ReplyKeyboardMarkup(
    [["Izin", "Sakit"], ["Cuti", "Dinas luar"]], one_time_keyboard=True, resize_keyboard=True
)

NOT_LINKED = "Akun Telegram Anda belum terhubung. Kirim /start KODE dengan kode dari kecamatan."
ASK_TYPE = "Pilih jenis pengajuan: Izin, Sakit, Cuti atau Dinas luar. Ketik /batal untuk batal."
ASK_DATES = (
    "Tanggal berapa? Tulis 7-12-2026, atau rentang 7-12-2026 s.d. 9-12-2026, "
    "atau ketik 'hari ini', 'kemarin' atau 'besok'."
)
ASK_DESTINATION = "Ke mana tujuan dinas luar? Tulis nama tempat atau instansi."
ASK_REASON = "Tulis alasan singkat."
ASK_DOCUMENT = (
    "Kirim foto atau PDF surat pendukung (surat dokter, surat tugas), atau ketik /lewati."
)
BAD_TYPE = "Pilihan tidak dikenal. Pilih Izin, Sakit, Cuti atau Dinas luar."
BAD_DATES = "Tanggal tidak terbaca. Contoh: 7-12-2026 atau 7-12-2026 s.d. 9-12-2026."
CANCELLED = "Pengajuan dibatalkan."
REFUSED = "Pengajuan tidak dapat disimpan: {reason} Periksa lalu ulangi dengan /izin."
NOT_ALLOWED = "Anda tidak berwenang memutuskan pengajuan ini."
# What each state asks again when it gets something it cannot use.
REMINDERS: dict[int, tuple[str, ReplyKeyboardMarkup | None]] = {
    TYPE: ("Pilih jenisnya: Izin, Sakit, Cuti atau Dinas luar.", KEYBOARD),
    DATES: (ASK_DATES, None),
    DESTINATION: (ASK_DESTINATION, None),
    REASON: ("Tulis alasan singkat sebagai teks.", None),
    DOCUMENT: (ASK_DOCUMENT, None),
}


def approval_policy(settings: SchedulerSettings) -> ApprovalPolicy:
    """Return the approval policy configured in ``[scheduler]``."""
    return ApprovalPolicy(
        perangkat_approver=settings.perangkat_approver,
        kades_approver=settings.kades_approver,
        camat_may_approve_all=settings.camat_may_approve_all,
        backdate_days=settings.leave_backdate_days,
    )


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Begin a leave request for a linked person."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return ConversationHandler.END
    person = await sender_person(update)
    if person is None:
        await message.reply_text(NOT_LINKED)
        return ConversationHandler.END
    assert context.user_data is not None
    context.user_data["leave"] = {"person_id": person.id}
    chosen = _type_named(" ".join(context.args or []))
    if chosen is not None:
        # `/izin sakit`: the type is given already (the rest is asked step by step).
        context.user_data["leave"]["type"] = chosen
        await message.reply_text(
            f"Pengajuan {LEAVE_NAMES[chosen]}. {ASK_DATES}", reply_markup=ReplyKeyboardRemove()
        )
        return DATES
    await message.reply_text(ASK_TYPE, reply_markup=KEYBOARD)
    return TYPE


def _type_named(text: str) -> LeaveType | None:
    """Return the leave type `text` starts with ("sakit", "dinas luar 7-12-2026"), if any."""
    words = " ".join(text.lower().split())
    for label, leave_type in CHOICES.items():
        if words == label or words.startswith(label + " "):
            return leave_type
    return None


async def choose_type(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Take the leave type."""
    message = update.effective_message
    assert message is not None and message.text is not None and context.user_data is not None
    chosen = CHOICES.get(" ".join(message.text.lower().split()))
    if chosen is None:
        await message.reply_text(BAD_TYPE, reply_markup=KEYBOARD)
        return TYPE
    context.user_data["leave"]["type"] = chosen
    await message.reply_text(ASK_DATES, reply_markup=ReplyKeyboardRemove())
    return DATES


async def take_dates(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Take the date or date range."""
    message = update.effective_message
    assert message is not None and message.text is not None and context.user_data is not None
    person = await sender_person(update)
    if person is None:
        await message.reply_text(NOT_LINKED)
        return ConversationHandler.END
    today, _ = await today_of(person, services_of(context))
    try:
        dates = read_range(message.text, today, within_days=WITHIN_DAYS)
    except DateProblem as problem:
        await message.reply_text(problem.hint)
        return DATES
    if dates is None:
        await message.reply_text(BAD_DATES)
        return DATES
    draft = context.user_data["leave"]
    draft["start"], draft["end"] = dates
    if draft["type"] is LeaveType.OFFICIAL_TRIP:
        await message.reply_text(ASK_DESTINATION)
        return DESTINATION
    await message.reply_text(ASK_REASON)
    return REASON


async def take_destination(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Take the destination of an official trip."""
    message = update.effective_message
    assert message is not None and message.text is not None and context.user_data is not None
    context.user_data["leave"]["destination"] = message.text.strip()[:200]
    await message.reply_text(ASK_REASON)
    return REASON


async def take_reason(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Take the reason."""
    message = update.effective_message
    assert message is not None and message.text is not None and context.user_data is not None
    context.user_data["leave"]["reason"] = message.text.strip()[:1000]
    await message.reply_text(ASK_DOCUMENT)
    return DOCUMENT


async def take_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Take the supporting letter (photo or PDF) and submit."""
    message = update.effective_message
    assert message is not None and context.user_data is not None
    draft = context.user_data["leave"]
    if message.photo:
        photo = message.photo[-1]
        draft["file"] = ("photo", photo.file_id, "image/jpeg")
        file = await photo.get_file()
    else:
        assert message.document is not None
        document = message.document
        kind = document.mime_type or "application/pdf"
        draft["file"] = ("document", document.file_id, kind)
        file = await document.get_file()
    draft["bytes"] = bytes(await file.download_as_bytearray())
    return await _submit(update, context)


async def skip_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Submit without a letter."""
    return await _submit(update, context)


def _reminder(
    state: int,
) -> Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, int]]:
    """Return the handler that answers anything `state` cannot use: ask again, mention /batal."""
    question, keyboard = REMINDERS[state]

    async def remind(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
        if update.effective_message is not None:
            await update.effective_message.reply_text(
                f"Pengajuan sedang diisi. {question} Ketik /batal untuk membatalkan.",
                reply_markup=keyboard,
            )
        return state

    return remind


async def cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Drop the request being written."""
    if context.user_data is not None:
        context.user_data.pop("leave", None)
    if update.effective_message is not None:
        await update.effective_message.reply_text(CANCELLED, reply_markup=main_menu())
    return ConversationHandler.END


async def _submit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    message = update.effective_message
    assert message is not None and context.user_data is not None
    draft = context.user_data.pop("leave")
    services = services_of(context)
    policy = approval_policy(services.settings.scheduler)
    file = draft.get("file")
    request = LeaveRequest(
        person_id=draft["person_id"],
        leave_type=draft["type"],
        start_date=draft["start"],
        end_date=draft["end"],
        reason=draft.get("reason", ""),
        destination=draft.get("destination"),
        document=draft.get("bytes"),
        document_type=file[2] if file else None,
    )
    try:
        leave = await submit_leave(
            services.ledger,
            request,
            f"person:{draft['person_id']}",
            vault=services.vault,
            policy=policy,
        )
    except AttendanceError as err:
        logger.info("Leave request of person %s refused: %s", draft["person_id"], err)
        await message.reply_text(REFUSED.format(reason=err.hint), reply_markup=main_menu())
        return ConversationHandler.END

    sent_to = await _ask_approver(context, leave, file)
    logger.info("Leave %s submitted by person %s", leave.id, draft["person_id"])
    await message.reply_text(
        f"Pengajuan {LEAVE_NAMES[leave.leave_type]} #{leave.id} terkirim ke {sent_to} "
        "untuk disetujui. Anda akan diberi tahu hasilnya.",
        reply_markup=main_menu(),
    )
    return ConversationHandler.END


async def _ask_approver(
    context: ContextTypes.DEFAULT_TYPE, leave: Leave, file: tuple[str, str, str] | None
) -> str:
    services = services_of(context)
    policy = approval_policy(services.settings.scheduler)
    group = services.settings.telegram.camat_chat_id
    camat_chat = str(group) if group is not None else None
    person = await Person.get(id=leave.person_id).prefetch_related("village")
    role = approver_role(person.role, policy)
    targets: list[tuple[str, str, int | None]] = []
    if role == "kades":
        targets = [
            (person_recipient(pid), chat, pid)
            for pid, chat in await kades_chats_of(person.village.id)
            if pid != person.id
        ]
    label = "Kepala Desa"
    if not targets and camat_chat is not None:
        targets = [(chat_recipient(camat_chat), camat_chat, None)]
        label = "Camat"
    dates = plain_date(leave.start_date)
    if leave.end_date != leave.start_date:
        dates += f" s.d. {plain_date(leave.end_date)}"
    text = (
        f"Pengajuan {LEAVE_NAMES[leave.leave_type]} #{leave.id}\n"
        f"{person.name} ({ROLE_NAMES[person.role]}, Desa {person.village.name})\n"
        f"Tanggal: {dates}\n"
        + (f"Tujuan: {leave.destination}\n" if leave.destination else "")
        + f"Alasan: {leave.reason}\n"
        + ("Surat pendukung terlampir." if file else "Tanpa surat pendukung.")
    )
    buttons = ((("Setujui", f"leave:approve:{leave.id}"), ("Tolak", f"leave:reject:{leave.id}")),)
    now = services.ledger.now()
    for recipient, chat, pid in targets:
        key = dedupe_key("leave.request", recipient, leave.start_date, leave.id)
        await enqueue(
            key,
            chat,
            "leave.request",
            TextMessage(text[:4000], buttons),
            person_id=pid,
            not_before=now,
        )
        if file is not None:
            caption = f"Surat pendukung pengajuan #{leave.id}"
            attachment: DocumentMessage | PhotoMessage = (
                PhotoMessage(file_id=file[1], caption=caption)
                if file[0] == "photo"
                else DocumentMessage(
                    file_id=file[1], filename=f"surat-{leave.id}.pdf", caption=caption
                )
            )
            key = dedupe_key("leave.document", recipient, leave.start_date, leave.id)
            await enqueue(key, chat, "leave.document", attachment, person_id=pid, not_before=now)
    return label if targets else "petugas (belum ada penerima)"


async def decide(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Approve or reject from a button, if the presser may."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None or query.data is None:
        return
    match = CALLBACK.match(query.data)
    if match is None:
        return
    approve, leave_id = match.group(1) == "approve", int(match.group(2))
    services = services_of(context)
    ledger = services.ledger
    policy = approval_policy(services.settings.scheduler)
    leave = await Leave.get_or_none(id=leave_id)
    approver = await _approver_of(update, context)
    if leave is None or approver is None or not await may_decide(leave, approver, policy):
        logger.warning("Leave button %s refused for user %s", leave_id, user.id)
        await query.answer(NOT_ALLOWED, show_alert=True)
        return
    try:
        leave = await decide_leave(ledger, leave_id, approve, approver, policy=policy)
    except AttendanceError as err:
        await query.answer(err.hint, show_alert=True)
        return
    outcome = "disetujui" if approve else "ditolak"
    await query.answer(f"Pengajuan #{leave_id} {outcome}.")
    shown = getattr(query.message, "text", None)
    if isinstance(shown, str):
        await query.edit_message_text(f"{shown}\n\nHasil: {outcome}.")
    logger.info("Leave %s %s by %s", leave_id, outcome, approver.actor)
    requester: int | None = leave.person_id
    if requester is not None and (chat := await chat_of(requester)) is not None:
        await enqueue(
            dedupe_key("leave.decision", person_recipient(requester), leave.start_date, leave.id),
            chat,
            "leave.decision",
            TextMessage(
                f"Pengajuan {LEAVE_NAMES[leave.leave_type]} #{leave.id} Anda {outcome}."
                + ("" if approve else " Jika perlu, hubungi atasan Anda.")
            ),
            person_id=requester,
            not_before=ledger.now(),
        )


async def _approver_of(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Approver | None:
    user = update.effective_user
    assert user is not None
    if await is_camat_admin(update, context):
        return Approver(actor=f"telegram:{user.id}", is_camat=True)
    person = await sender_person(update)
    if person is None:
        return None
    return Approver(actor=f"person:{person.id}", person_id=person.id)


def leave_handlers() -> list[BaseHandler[Any, Any, Any]]:
    """Return the /izin conversation and the approve/reject button handler."""
    new = filters.UpdateType.MESSAGE
    text = filters.TEXT & ~filters.COMMAND & new
    letter = (filters.PHOTO | filters.Document.PDF | filters.Document.IMAGE) & new
    states: dict[object, list[BaseHandler[Update, Any, Any]]] = {
        TYPE: [MessageHandler(text, choose_type)],
        DATES: [MessageHandler(text, take_dates)],
        DESTINATION: [MessageHandler(text, take_destination)],
        REASON: [MessageHandler(text, take_reason)],
        DOCUMENT: [
            MessageHandler(letter, take_document),
            CommandHandler("lewati", skip_document),
            MessageHandler(
                filters.Regex(re.compile(r"^\s*lewati\s*$", re.I)) & new, skip_document
            ),
        ],
    }
    # Every state answers every new message: /batal cancels, anything it cannot use gets its
    # question again (state handlers come before the fallbacks, so /batal is repeated here).
    for state, handlers in states.items():
        assert isinstance(state, int)
        handlers += [CommandHandler("batal", cancel), MessageHandler(new, _reminder(state))]
    conversation = ConversationHandler(
        # /izin again (with or without a type) starts over, also while a request is open.
        entry_points=[CommandHandler("izin", start, filters=filters.ChatType.PRIVATE)],
        states=states,
        fallbacks=[CommandHandler("batal", cancel)],
        name="leave",
        allow_reentry=True,
        conversation_timeout=TIMEOUT_SECONDS,
    )
    return [conversation, CallbackQueryHandler(decide, pattern=CALLBACK)]
