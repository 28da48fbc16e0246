"""The outbox: every outgoing message is a row first, keyed so that it is never sent twice.

A caller (a job, the bot, the admin web) calls :func:`enqueue` with a dedupe key built by
:func:`dedupe_key` from the recipient, the kind of message, the date and the step. A second call
with the same key stores nothing and returns False, so a restart, a job that fires twice or two
scheduler instances cannot queue a message twice. :class:`scheduler.sender.OutboxSender` sends the
rows at Telegram's pace.

Payload format (the JSON stored in ``OutboxMessage.payload``), one of:

- ``{"type": "text", "text": str, "buttons": [[[label, callback_data], ...], ...]}`` — a text,
  optionally with an inline keyboard (rows of ``[label, callback_data]`` pairs);
- ``{"type": "document", "path": str | None, "file_id": str | None, "filename": str,
  "caption": str}`` — a file;
- ``{"type": "photo", "path": str | None, "file_id": str | None, "caption": str}`` — a picture.

Files are never stored in the database. ``path`` is relative to ``settings.data_dir`` (letters
under ``letters/``, reports under ``reports/``); the files already live there as the record of
what was issued, under the same protection as the database. ``file_id`` re-sends a file Telegram
already holds (a supporting letter a person uploaded), so it never touches our disk at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from tortoise.exceptions import IntegrityError

from attendance.clock import require_aware
from attendance.enums import OutboxStatus
from attendance.models import OutboxMessage

CHANNEL = "telegram"
MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_KEY = 200

Button = tuple[str, str]


@dataclass(frozen=True, slots=True)
class TextMessage:
    """A text, optionally with inline buttons (rows of (label, callback data))."""

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()

    def __post_init__(self) -> None:
        if not 1 <= len(self.text) <= MAX_TEXT:
            msg = f"A text message has {len(self.text)} characters. Telegram allows 1-{MAX_TEXT}."
            raise ValueError(msg)


@dataclass(frozen=True, slots=True)
class DocumentMessage:
    """A file: a path under the data folder, or a Telegram file id."""

    path: str | None = None
    file_id: str | None = None
    filename: str = "dokumen.pdf"
    caption: str = ""

    def __post_init__(self) -> None:
        _check_file(self.path, self.file_id, self.caption)


@dataclass(frozen=True, slots=True)
class PhotoMessage:
    """A picture: a path under the data folder, or a Telegram file id."""

    path: str | None = None
    file_id: str | None = None
    caption: str = ""

    def __post_init__(self) -> None:
        _check_file(self.path, self.file_id, self.caption)


OutgoingMessage = TextMessage | DocumentMessage | PhotoMessage


@dataclass(frozen=True, slots=True)
class QueuedMessage:
    """A message ready for the outbox: who gets it, what it is, and its dedupe key."""

    dedupe_key: str
    chat_id: str
    kind: str
    message: OutgoingMessage
    person_id: int | None = None
    not_before: dt.datetime | None = None
    why: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def dedupe_key(kind: str, recipient: str, date: dt.date | str, step: str | int = 0) -> str:
    """Return the key of one message: its kind, recipient, date and step."""
    day = date.isoformat() if isinstance(date, dt.date) else date
    key = f"{kind}|{recipient}|{day}|{step}"
    if len(key) > MAX_KEY:
        msg = f"Dedupe key {key[:60]!r}… has {len(key)} characters; at most {MAX_KEY} fit."
        raise ValueError(msg)
    return key


def person_recipient(person_id: int) -> str:
    """Return the recipient part of a key for a person's own chat."""
    return f"p{person_id}"


def chat_recipient(chat_id: str | int) -> str:
    """Return the recipient part of a key for a chat that is not a person (a group)."""
    return f"c{chat_id}"


def to_payload(message: OutgoingMessage) -> dict[str, Any]:
    """Return the stored JSON form of `message`."""
    if isinstance(message, TextMessage):
        payload: dict[str, Any] = {"type": "text", "text": message.text}
        if message.buttons:
            payload["buttons"] = [[list(button) for button in row] for row in message.buttons]
        return payload
    if isinstance(message, DocumentMessage):
        return {
            "type": "document",
            "path": message.path,
            "file_id": message.file_id,
            "filename": message.filename,
            "caption": message.caption,
        }
    return {
        "type": "photo",
        "path": message.path,
        "file_id": message.file_id,
        "caption": message.caption,
    }


def from_payload(payload: dict[str, Any]) -> OutgoingMessage:
    """Return the message a stored payload describes; raise ValueError for an unknown type."""
    kind = payload.get("type")
    if kind == "text":
        rows = tuple(
            tuple((str(label), str(data)) for label, data in row)
            for row in payload.get("buttons", [])
        )
        return TextMessage(str(payload["text"]), rows)
    if kind == "document":
        return DocumentMessage(
            payload.get("path"),
            payload.get("file_id"),
            str(payload.get("filename") or "dokumen.pdf"),
            str(payload.get("caption") or ""),
        )
    if kind == "photo":
        return PhotoMessage(
            payload.get("path"), payload.get("file_id"), str(payload.get("caption") or "")
        )
    msg = f"Outbox payload type {kind!r} is unknown. Use text, document or photo."
    raise ValueError(msg)


async def enqueue(
    dedupe_key: str,
    chat_id: str | int,
    kind: str,
    payload: OutgoingMessage,
    *,
    person_id: int | None = None,
    not_before: dt.datetime | None = None,
) -> bool:
    """Queue one message; return False when a message with `dedupe_key` already exists.

    `not_before` is when it may go out (None: at once). Pass the caller's clock time rather
    than None wherever a clock is at hand, so that time-travel tests see the row as due.
    """
    if await OutboxMessage.exists(dedupe_key=dedupe_key):
        return False
    try:
        await OutboxMessage.create(
            dedupe_key=dedupe_key,
            channel=CHANNEL,
            chat_id=str(chat_id),
            person_id=person_id,
            kind=kind,
            payload=to_payload(payload),
            status=OutboxStatus.PENDING,
            not_before=_due(not_before),
        )
    except IntegrityError:
        # Another job or process queued the same key between our check and our insert.
        return False
    return True


async def enqueue_many(messages: Sequence[QueuedMessage]) -> int:
    """Queue many messages in bulk, skipping keys that exist; return how many were new."""
    if not messages:
        return 0
    unique = {message.dedupe_key: message for message in messages}
    existing: set[str] = set()
    keys = list(unique)
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        found = await OutboxMessage.filter(dedupe_key__in=chunk).values_list("dedupe_key")
        existing.update(str(key) for (key,) in found)
    fresh = [message for key, message in unique.items() if key not in existing]
    rows = [
        OutboxMessage(
            dedupe_key=message.dedupe_key,
            channel=CHANNEL,
            chat_id=message.chat_id,
            person_id=message.person_id,
            kind=message.kind,
            payload=to_payload(message.message),
            status=OutboxStatus.PENDING,
            not_before=_due(message.not_before),
        )
        for message in fresh
    ]
    # Conflicts left are keys queued concurrently by another instance: theirs stands.
    await OutboxMessage.bulk_create(rows, batch_size=500, ignore_conflicts=True)
    return len(rows)


async def queued_keys(keys: Sequence[str]) -> set[str]:
    """Return which of `keys` are in the outbox already (read only, for previews)."""
    found: set[str] = set()
    for start in range(0, len(keys), 500):
        chunk = list(keys[start : start + 500])
        rows = await OutboxMessage.filter(dedupe_key__in=chunk).values_list("dedupe_key")
        found.update(str(key) for (key,) in rows)
    return found


async def blocked_chat_ids() -> set[str]:
    """Return the chats whose last delivery was refused because they blocked the bot."""
    blocked = set(
        await OutboxMessage.filter(status=OutboxStatus.BLOCKED)
        .distinct()
        .values_list("chat_id", flat=True)
    )
    if not blocked:
        return set()
    # A chat that received a message after its block has unblocked the bot.
    since: dict[str, dt.datetime] = {}
    rows = await OutboxMessage.filter(
        chat_id__in=list(blocked), status__in=(OutboxStatus.BLOCKED, OutboxStatus.SENT)
    ).values_list("chat_id", "status", "created_at")
    last_status: dict[str, OutboxStatus] = {}
    for chat_id, status, created_at in rows:
        if chat_id not in since or created_at >= since[chat_id]:
            since[chat_id] = created_at
            last_status[chat_id] = OutboxStatus(status)
    return {chat for chat, status in last_status.items() if status is OutboxStatus.BLOCKED}


def _due(not_before: dt.datetime | None) -> dt.datetime:
    if not_before is None:
        return dt.datetime.now(dt.UTC)
    return require_aware(not_before, "not_before").astimezone(dt.UTC)


def _check_file(path: str | None, file_id: str | None, caption: str) -> None:
    if (path is None) == (file_id is None):
        msg = "A file message needs exactly one of path (under data_dir) or file_id."
        raise ValueError(msg)
    if path is not None:
        pure = PurePosixPath(path)
        if pure.is_absolute() or ".." in pure.parts:
            msg = f"File path {path!r} must be relative to the data folder, without '..'."
            raise ValueError(msg)
    if len(caption) > MAX_CAPTION:
        msg = f"A caption has {len(caption)} characters. Telegram allows {MAX_CAPTION}."
        raise ValueError(msg)
