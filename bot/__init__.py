"""The Telegram bot: Kades check-in and check-out, enrollment, and the camat group's commands."""

import os

# Opt in to python-telegram-bot's future behaviour (durations as timedelta) so that it does not
# warn on every RetryAfter and live location; set before telegram is imported anywhere.
os.environ.setdefault("PTB_TIMEDELTA", "1")
