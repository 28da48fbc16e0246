"""Reply and inline keyboards the bot shows."""

from __future__ import annotations

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)

from bot import texts


def main_menu() -> ReplyKeyboardMarkup:
    """Return the private-chat menu: check-in, check-out, status, history, help."""
    return ReplyKeyboardMarkup(
        [
            [KeyboardButton(texts.BUTTON_CHECK_IN), KeyboardButton(texts.BUTTON_CHECK_OUT)],
            [
                KeyboardButton(texts.BUTTON_STATUS),
                KeyboardButton(texts.BUTTON_HISTORY),
                KeyboardButton(texts.BUTTON_HELP),
            ],
        ],
        resize_keyboard=True,
    )


def cancel_only() -> ReplyKeyboardMarkup:
    """Return a keyboard with only the cancel button, shown during a check-in."""
    return ReplyKeyboardMarkup([[KeyboardButton(texts.BUTTON_CANCEL)]], resize_keyboard=True)


def review_buttons(event_id: int) -> InlineKeyboardMarkup:
    """Return the accept / reject buttons of a review message."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("✅ Terima", callback_data=f"review:{event_id}:accept"),
                InlineKeyboardButton("❌ Tolak", callback_data=f"review:{event_id}:reject"),
            ]
        ]
    )
