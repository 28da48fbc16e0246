"""The camat group's commands: recaps, who is missing or late, registering people, announcing.

Only the configured camat group counts, and only users who are both listed in
``telegram.admin_user_ids`` and administrators of that group (asked from Telegram each time).
Anyone else gets a polite refusal, and the attempt is logged with the user and chat ids.
Tables are monospaced and split into several messages when long, to stay readable on a phone.
Input is checked before any query: dates by :mod:`bot.dates` (for /rekap at most a year from
today), village codes by their shape; a reply repeats at most a short piece of what was typed.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
from collections.abc import Callable, Coroutine, Sequence
from functools import wraps
from typing import Any

from telegram import Update
from telegram.constants import ChatMemberStatus, ParseMode
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from attendance.day import DayResult
from attendance.enums import DayStatus, Role
from attendance.errors import AttendanceError
from attendance.models import ChatAccount, Person, Village
from attendance.people import create_person
from attendance.registration import DEFAULT_VALIDITY, issue_code
from attendance.report import Tally, tally_by_village
from attendance.vocabulary import long_date
from bot import texts
from bot.dates import DateProblem, read_day
from bot.services import services_of
from config.district import VILLAGE_CODE
from scheduler.outbox import TextMessage, enqueue

logger = logging.getLogger(__name__)

Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]
ADMIN_STATUSES = (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)
PAGE_CHARACTERS = 3500
NAME_WIDTH = 16
VILLAGE_NAME_MAX = 100  # the width of Village.name
SHOWN_MAX = 40  # how much of a person's input a reply repeats
RECAP_WITHIN_DAYS = 366
ANNOUNCEMENT_PREFIX = "📢 Pengumuman Camat:\n"
ANNOUNCEMENT_MAX = 4096 - len(ANNOUNCEMENT_PREFIX)
REGISTER_USAGE = (
    "Format: /daftar NAMA JABATAN KODE_DESA, kode desa paling akhir, misalnya "
    "/daftar Siti Aminah kaur 33.17.12.2012\n"
    "(JABATAN: kades, sekdes, kaur, kasi, kadus, staf)"
)
VILLAGE_USAGE = "Tulis kode desa (misalnya 33.17.12.2012) atau nama desa, misalnya /desa Kragan."

GROUP_HELP = (
    "Perintah grup camat:\n"
    "• /rekap [tanggal] [desa] — rekap per desa (tanggal: 07-12-2026, hari ini, kemarin)\n"
    "• /belum — yang belum absen hari ini\n"
    "• /terlambat — yang terlambat hari ini\n"
    "• /desa KODE — rincian satu desa hari ini\n"
    "• /daftar NAMA JABATAN KODE_DESA — daftarkan orang, dapat kode pendaftaran\n"
    "  (JABATAN: kades, sekdes, kaur, kasi, kadus, staf)\n"
    "• /umumkan TEKS — kirim pengumuman ke semua yang terdaftar\n"
    "• /bantuan — bantuan ini"
)


async def is_camat_admin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Tell whether the sender is a listed admin of the camat group, writing in that group."""
    chat, user = update.effective_chat, update.effective_user
    telegram = services_of(context).settings.telegram
    if chat is None or user is None or telegram.camat_chat_id is None:
        return False
    if chat.id != telegram.camat_chat_id or user.id not in telegram.admin_user_ids:
        return False
    try:
        member = await context.bot.get_chat_member(chat.id, user.id)
    except TelegramError:
        logger.warning("Could not ask Telegram whether user %s is a group admin", user.id)
        return False
    return member.status in ADMIN_STATUSES


def camat_only(handler: Handler) -> Handler:
    """Run `handler` only for camat admins; refuse and log everyone else."""

    @wraps(handler)
    async def guarded(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if await is_camat_admin(update, context):
            await handler(update, context)
            return
        user = update.effective_user.id if update.effective_user else None
        chat = update.effective_chat.id if update.effective_chat else None
        logger.warning(
            "Group command %s refused for user %s in chat %s", handler.__name__, user, chat
        )
        if update.effective_message is not None:
            await update.effective_message.reply_text(texts.GROUP_REFUSED)

    return guarded


async def send_pages(update: Update, lines: Sequence[str], monospace: bool = True) -> None:
    """Send `lines` in as few messages as fit, as preformatted text when `monospace`."""
    message = update.effective_message
    if message is None:
        return
    pages: list[list[str]] = [[]]
    size = 0
    for line in lines:
        if size + len(line) + 1 > PAGE_CHARACTERS and pages[-1]:
            pages.append([])
            size = 0
        pages[-1].append(line)
        size += len(line) + 1

    for number, page in enumerate(pages, start=1):
        suffix = f"\n({number}/{len(pages)})" if len(pages) > 1 else ""
        body = html.escape("\n".join(page))
        text = f"<pre>{body}</pre>{suffix}" if monospace else body + suffix
        await message.reply_text(text, parse_mode=ParseMode.HTML)


def _joined_words(arguments: list[str]) -> list[str]:
    """Keep "hari ini" together as one argument."""
    joined: list[str] = []
    for argument in arguments:
        if argument.lower() == "ini" and joined and joined[-1].lower() == "hari":
            joined[-1] = "hari ini"
        else:
            joined.append(argument)
    return joined


def shown(text: str) -> str:
    """Return `text` as a reply may repeat it: one line, at most SHOWN_MAX characters."""
    line = " ".join(text.split())
    return line if len(line) <= SHOWN_MAX else line[: SHOWN_MAX - 1] + "…"


async def find_village(text: str) -> Village | None:
    """Find a village by code or by name (``_`` for spaces), ignoring case.

    Only text shaped like a village code is looked up as a code, and only a printable name that
    fits the column as a name: anything else is no village, without asking the database.
    """
    text = text.strip()
    if VILLAGE_CODE.fullmatch(text):
        return await Village.get_or_none(code=text)
    name = " ".join(text.replace("_", " ").split())
    if not name or len(name) > VILLAGE_NAME_MAX or not name.isprintable():
        return None
    return await Village.get_or_none(name__iexact=name)


async def _day_results(
    context: ContextTypes.DEFAULT_TYPE, date: dt.date | None, code: str | None
) -> tuple[dt.date, list[tuple[Person, DayResult]]]:
    ledger = services_of(context).ledger
    date = date or ledger.today()
    return date, await ledger.recompute_many(date, code)


@camat_only
async def recap(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer /rekap [tanggal] [desa] with hadir, terlambat, belum, izin, alpa per village."""
    date: dt.date | None = None
    village: Village | None = None
    today = services_of(context).ledger.today()
    for argument in _joined_words(context.args or []):
        try:
            parsed = read_day(argument, today, within_days=RECAP_WITHIN_DAYS)
        except DateProblem as problem:
            await _reply(update, problem.hint)
            return
        if parsed is not None:
            date = parsed
            continue
        village = await find_village(argument)
        if village is None:
            await _reply(
                update,
                f"Desa atau tanggal '{shown(argument)}' tidak dikenal. "
                "Contoh: /rekap 7-12-2026 Kragan",
            )
            return

    try:
        date, results = await _day_results(context, date, village.code if village else None)
    except AttendanceError as err:
        await _reply(update, err.hint)
        return
    names = {v.code: v.name for v in await Village.all()}
    tallies = tally_by_village(results)
    total = Tally()
    lines = [f"Rekap {long_date(date)}", f"{'Desa':<{NAME_WIDTH}} Hdr Tlt Blm Izn Alp"]
    for code in sorted(tallies):
        tally = tallies[code]
        lines.append(_tally_line(names[code], tally))
        for field in ("present", "late", "pending", "excused", "absent"):
            setattr(total, field, getattr(total, field) + getattr(tally, field))
    lines.append(_tally_line("JUMLAH", total))
    if not tallies:
        lines.append("(belum ada orang terdaftar)")
    await send_pages(update, lines)


def _tally_line(name: str, tally: Tally) -> str:
    return (
        f"{name[:NAME_WIDTH]:<{NAME_WIDTH}} {tally.present:>3} {tally.late:>3} "
        f"{tally.pending:>3} {tally.excused:>3} {tally.absent:>3}"
    )


@camat_only
async def missing(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer /belum with everyone who has not checked in yet today."""
    date, results = await _day_results(context, None, None)
    rows = [(p, r) for p, r in results if r.status in (DayStatus.PENDING, DayStatus.ABSENT)]
    await _people_list(update, f"Belum absen — {long_date(date)}", rows, minutes=False)


@camat_only
async def late(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer /terlambat with everyone late today and by how much."""
    date, results = await _day_results(context, None, None)
    rows = [(p, r) for p, r in results if r.late_minutes > 0]
    await _people_list(update, f"Terlambat — {long_date(date)}", rows, minutes=True)


@camat_only
async def village_detail(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer /desa KODE with each person's status today."""
    if not context.args:
        await _reply(update, VILLAGE_USAGE)
        return
    asked = " ".join(context.args)
    village = await find_village(asked)
    if village is None:
        await _reply(update, f"Desa '{shown(asked)}' tidak dikenal. {VILLAGE_USAGE}")
        return

    try:
        date, results = await _day_results(context, None, village.code)
    except AttendanceError as err:
        await _reply(update, err.hint)
        return
    lines = [f"Desa {village.name} — {long_date(date)}"]
    for person, result in results:
        lines.append(
            f"{person.name[:NAME_WIDTH]:<{NAME_WIDTH}} {person.role.value:<6} "
            f"{texts.clock(result.first_in, village.timezone):>5} "
            f"{texts.clock(result.last_out, village.timezone):>5} "
            f"{texts.STATUS_LABELS[result.status]}"
        )
    if len(lines) == 1:
        lines.append("(belum ada orang terdaftar)")
    await send_pages(update, lines)


async def _people_list(
    update: Update, title: str, rows: list[tuple[Person, DayResult]], *, minutes: bool
) -> None:
    lines = [title]
    for person, result in rows:
        extra = f" {result.late_minutes:>3} mnt" if minutes else ""
        lines.append(
            f"{person.village.name[:12]:<12} {person.name[:NAME_WIDTH]:<{NAME_WIDTH}}{extra}"
        )
    if len(lines) == 1:
        lines.append("(tidak ada)")
    await send_pages(update, lines)


def split_registration(arguments: list[str]) -> tuple[str, str, str] | None:
    """Split /daftar's arguments into (name, role, village), or None when the shape is wrong.

    The village is the last argument that looks like a village code, which must then be the last
    argument; without a code, the last argument names the village. The role is the argument
    just before the village, and every argument before the role is the name.
    """
    codes = [i for i, argument in enumerate(arguments) if VILLAGE_CODE.fullmatch(argument)]
    village_at = codes[-1] if codes else len(arguments) - 1
    if village_at != len(arguments) - 1 or village_at < 2:
        return None
    name = " ".join(arguments[: village_at - 1])
    return name, arguments[village_at - 1], arguments[village_at]


@camat_only
async def register_person(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer /daftar NAMA JABATAN KODE_DESA with a one-time registration code."""
    parts = split_registration(context.args or [])
    if parts is None:
        await _reply(update, REGISTER_USAGE)
        return
    name, role_text, village_text = parts
    try:
        role = Role(role_text.lower())
    except ValueError:
        await _reply(update, f"Jabatan '{shown(role_text)}' tidak dikenal.\n{REGISTER_USAGE}")
        return
    village = await find_village(village_text)
    if village is None:
        await _reply(update, f"Desa '{shown(village_text)}' tidak dikenal.\n{REGISTER_USAGE}")
        return

    services = services_of(context)
    user_id = update.effective_user.id if update.effective_user else None
    actor = f"telegram:{user_id if user_id is not None else '?'}"
    try:
        person = await create_person(name, role, village.code, actor)
        code = await issue_code(person.id, actor, services.ledger.now())
    except AttendanceError as err:
        # The error's message may repeat the name: log only its kind.
        logger.info("Registration by user %s refused: %s", user_id, type(err).__name__)
        await _reply(update, f"Gagal mendaftarkan: {err.hint}")
        return

    until = (services.ledger.now() + DEFAULT_VALIDITY).date()
    logger.info("User %s registered person %s in village %s", user_id, person.id, village.code)
    await _reply(
        update,
        f"Terdaftar: {person.name} ({texts.ROLE_LABELS[role]}, Desa {village.name}), "
        f"nomor {person.id}.\nKode pendaftaran: {code} "
        f"(berlaku sampai {long_date(until)}).\n"
        f"Berikan kode ini kepada yang bersangkutan untuk dikirim ke bot: /start {code}",
    )


@camat_only
async def announce(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer /umumkan TEKS by queueing the text to every registered person."""
    text = " ".join(context.args or []).strip()
    if not text:
        await _reply(update, "Format: /umumkan TEKS PENGUMUMAN")
        return
    if len(text) > ANNOUNCEMENT_MAX:
        await _reply(
            update, f"Pengumuman terlalu panjang: paling banyak {ANNOUNCEMENT_MAX} huruf."
        )
        return

    accounts = await ChatAccount.filter(channel="telegram", person__active=True)
    queued = 0
    for account in accounts:
        queued += await enqueue(
            f"announce:{update.update_id}:{account.person_id}",
            account.external_id,
            "announcement",
            TextMessage(ANNOUNCEMENT_PREFIX + text),
            person_id=account.person_id,
        )
    await _reply(update, f"Pengumuman dijadwalkan untuk {queued} orang.")


@camat_only
async def group_help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer /bantuan in the group with the list of commands."""
    await _reply(update, GROUP_HELP)


async def _reply(update: Update, text: str) -> None:
    if update.effective_message is not None:
        await update.effective_message.reply_text(text)
