"""A person's own attendance: `/status` for today, `/riwayat` for the last seven days."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from telegram import Update
from telegram.ext import ContextTypes

from attendance.clock import local_date_of
from attendance.models import Person, Village
from attendance.vocabulary import long_date
from bot import texts
from bot.guard import sender_person
from bot.keyboard import main_menu
from bot.services import BotServices, services_of

HISTORY_DAYS = 7


async def today_of(person: Person, services: BotServices) -> tuple[dt.date, str]:
    """Return the person's office-local date now, and the office's zone name."""
    village = await Village.get(id=person.village_id)
    zone = village.timezone
    boundary = services.settings.district.day_boundary_hour
    return local_date_of(services.ledger.now(), ZoneInfo(zone), boundary), zone


async def status(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Tell the person how today stands."""
    message = update.effective_message
    if message is None:
        return
    person = await sender_person(update)
    if person is None:
        await message.reply_text(texts.NOT_REGISTERED)
        return

    services = services_of(context)
    today, zone = await today_of(person, services)
    result = await services.ledger.recompute(person.id, today)
    await message.reply_text(
        f"{long_date(today)}\n{texts.day_summary(result, zone)}", reply_markup=main_menu()
    )


async def history(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the last seven days, newest first."""
    message = update.effective_message
    if message is None:
        return
    person = await sender_person(update)
    if person is None:
        await message.reply_text(texts.NOT_REGISTERED)
        return

    services = services_of(context)
    today, zone = await today_of(person, services)
    lines = ["Riwayat 7 hari terakhir:"]
    for offset in range(HISTORY_DAYS):
        date = today - dt.timedelta(days=offset)
        result = await services.ledger.recompute(person.id, date)
        lines.append(f"• {long_date(date)}: {texts.day_summary(result, zone)}")
    await message.reply_text("\n".join(lines), reply_markup=main_menu())


async def unknown_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a private message no other handler took: say what the bot understands."""
    message = update.effective_message
    if message is None:
        return
    if await sender_person(update) is None:
        await message.reply_text(texts.NOT_REGISTERED)
        return
    text = texts.PHOTO_OUTSIDE_FLOW if message.photo or message.document else texts.NOT_UNDERSTOOD
    await message.reply_text(text, reply_markup=main_menu())


async def help_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Explain what the bot does."""
    if update.effective_message is not None:
        await update.effective_message.reply_text(texts.HELP, reply_markup=main_menu())
