"""Uploads: what a terminal posts is kept raw first, then read, then recorded.

Every data post of a terminal that is not blocked becomes a ``TerminalUpload`` row before it is
parsed, so nothing a terminal was told we received can be lost: a post of a pending terminal
stays unprocessed until an admin approves the terminal, and is then processed exactly as if it
had just arrived. Two things are never kept in the row: biometric templates (``TMP=``,
``Content=`` values are blanked) and photos (sealed as evidence instead, or not kept at all for a
terminal that is not approved). What a terminal waiting for approval can make us keep is bounded
(``terminals.pending_max_uploads`` and ``pending_max_bytes``); beyond it a post is refused with
503, which the terminal resends later, and nothing is kept.

Reading is pure (:func:`read_upload`); recording needs the database (:func:`process_upload`).
A body with lines of which none can be read is malformed (answered 400); a body with some bad
lines is recorded, the bad lines counted, logged and listed in the upload's outcome.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from tortoise.functions import Length
from tortoise.transactions import in_transaction

from attendance.enums import DeviceStatus
from attendance.models import Device, TerminalUpload
from terminals import adms, fingerspot, hikvision, signed
from terminals.adms import CommandResult, LineError, Parsed, Photo, Table
from terminals.commands import close_commands
from terminals.context import TerminalContext
from terminals.errors import HoldingFull, MalformedUpload
from terminals.intake import IntakeResult, take_punches
from terminals.photos import CheckedPhoto, NotAPhoto, check_photo, keep_photo, link_waiting_photos
from terminals.punch import RawPunch, TerminalPunch, locate, punch_key
from terminals.registry import TerminalProtocol, zone_of

logger = logging.getLogger(__name__)

DEVICECMD = "devicecmd"
MAX_LISTED_ERRORS = 20
PHOTO_NOT_KEPT = "not kept: the terminal was not approved when it was sent"

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Reading:
    """What an upload carries, read but not recorded; `count` is what the reply acknowledges."""

    count: int
    punches: tuple[RawPunch, ...] = ()
    errors: tuple[LineError, ...] = ()
    photo: Photo | None = None
    results: tuple[CommandResult, ...] = ()
    pairs: Mapping[str, str] = field(default_factory=dict)
    rows: Mapping[str, int] = field(default_factory=dict)
    ignored: str = ""


def storable_body(protocol: TerminalProtocol, table: str, body: bytes) -> bytes:
    """Return the body as kept in the upload row: no photo, no biometric template."""
    if protocol is not TerminalProtocol.ADMS:
        return body
    kind = Table.of(table)
    if kind is Table.ATTPHOTO:
        return adms.photo_header(body)
    if kind in adms.ROW_TABLES:
        return adms.redact_templates(body)
    return body


async def keep_upload(
    device: Device, table: str, query: str, body: bytes, context: TerminalContext
) -> TerminalUpload:
    """Store the raw request of a terminal before anything is read from it.

    Raises HoldingFull when a terminal that is not approved would hold more than its share.
    """
    protocol = TerminalProtocol(device.protocol)
    stored = storable_body(protocol, table, body)
    if device.status is not DeviceStatus.APPROVED:
        await _check_holding(device, len(stored), context)
    return await TerminalUpload.create(
        serial=device.serial,
        protocol=protocol.value,
        table_name=table[:40],
        query=query[:2000],
        body=stored,
        received_at=context.ledger.now(),
    )


async def _check_holding(device: Device, size: int, context: TerminalContext) -> None:
    """Refuse an upload that would make a waiting terminal's kept uploads exceed its share."""
    settings = context.settings
    # At most pending_max_uploads rows: the sizes are summed here, not in SQL.
    rows = (
        await TerminalUpload.filter(serial=device.serial)
        .annotate(size=Length("body"))
        .values("size")
    )
    uploads = len(rows)
    held = sum(int(row["size"]) for row in rows)
    if uploads < settings.pending_max_uploads and held + size <= settings.pending_max_bytes:
        return
    msg = (
        f"Terminal {device.serial} waits for approval and holds {uploads} uploads of {held} "
        f"bytes; at most {settings.pending_max_uploads} uploads and "
        f"{settings.pending_max_bytes} bytes are kept until it is approved "
        "(`sregep device approve`). Send it again later."
    )
    hint = "Mesin ini belum disetujui dan kirimannya sudah penuh. Minta admin menyetujuinya."
    raise HoldingFull(msg, hint=hint)


def read_upload(protocol: TerminalProtocol, table: str, body: bytes) -> Reading:
    """Read an upload without recording it; raise MalformedUpload if nothing in it is readable."""
    if protocol is TerminalProtocol.FINGERSPOT:
        post = fingerspot.parse_post(body)
        ignored = "" if post.kind == fingerspot.ATTLOG else f"type {post.kind}"
        return Reading(len(post.punches), post.punches, ignored=ignored)
    if protocol is TerminalProtocol.HIKVISION:
        event = hikvision.parse_event(body)
        found = (event.punch,) if event.punch is not None else ()
        return Reading(len(found), found, ignored=event.ignored_because)
    if protocol is TerminalProtocol.SIGNED:
        punches = signed.parse_body(body)
        return Reading(len(punches), punches)
    return _read_adms(table, body)


def _read_adms(table: str, body: bytes) -> Reading:
    if table == DEVICECMD:
        results = _readable(adms.parse_command_results(body), "command results")
        return Reading(len(results.records), results=results.records, errors=results.errors)

    kind = Table.of(table)
    if kind is Table.ATTLOG:
        lines = _readable(adms.parse_attlog(body), "ATTLOG")
        return Reading(len(lines.records), lines.records, lines.errors)
    if kind is Table.RTLOG:
        events = _readable(adms.parse_rtlog(body), "rtlog")
        punches = tuple(item.punch for item in events.records if item.punch is not None)
        return Reading(len(events.records), punches, events.errors)
    if kind in adms.ROW_TABLES:
        rows = _readable(adms.parse_rows(body), str(kind))
        kinds: dict[str, int] = {}
        for row in rows.records:
            kinds[row.kind] = kinds.get(row.kind, 0) + 1
        return Reading(len(rows.records), errors=rows.errors, rows=kinds)
    if kind is Table.ATTPHOTO:
        return Reading(1, photo=adms.parse_photo(body))
    if kind is Table.OPTIONS:
        return Reading(1, pairs=adms.parse_pairs(body))
    return Reading(0, ignored=f"table {table[:40]!r} is not read")


def _readable(parsed: Parsed[T], what: str) -> Parsed[T]:
    if parsed.errors and not parsed.records:
        first = parsed.errors[0]
        msg = (
            f"No {what} line is readable ({len(parsed.errors)} lines). "
            f"Line {first.number}: {first.reason}"
        )
        raise MalformedUpload(msg)
    return parsed


async def process_upload(
    context: TerminalContext,
    device: Device,
    upload: TerminalUpload,
    body: bytes,
    picture: bytes | None = None,
) -> Reading:
    """Read and record an upload of an approved terminal, and store its outcome.

    `body` is the whole request body (the stored one lacks the photo); `picture` is a photo sent
    beside the event (Hikvision). A malformed body is recorded as such and re-raised.
    """
    protocol = TerminalProtocol(device.protocol)
    try:
        reading = read_upload(protocol, upload.table_name, body)
    except MalformedUpload as err:
        await _finish(upload, {"error": str(err)}, context)
        # The reason quotes the body: it is in the reply and the outcome, not in the log.
        logger.warning("Terminal %s upload %s is malformed", device.serial, upload.id)
        raise

    photo = await _checked_photo(device, upload, reading, picture)
    # One transaction: the events, their days and the outcome are stored together or not at
    # all, and then the upload can simply be processed again.
    async with in_transaction():
        outcome = await _record(context, device, upload, reading, photo)
        await _finish(upload, outcome, context)
    if reading.errors:
        logger.warning(
            "Terminal %s upload %s (%r): %s of %s lines unreadable, the first is line %s",
            device.serial,
            upload.id,
            upload.table_name,
            len(reading.errors),
            reading.count + len(reading.errors),
            reading.errors[0].number,
        )
    return reading


async def _checked_photo(
    device: Device, upload: TerminalUpload, reading: Reading, picture: bytes | None
) -> CheckedPhoto | str | None:
    """Return the upload's photo checked to be a picture, why it is not kept, or None."""
    if reading.photo is not None:
        if reading.photo.pin is None or reading.photo.time is None:
            return "not kept: its file name names no punch"
        image = reading.photo.image
    elif picture is not None and reading.punches:
        image = picture
    else:
        return None
    try:
        return await check_photo(image)
    except NotAPhoto as err:
        logger.warning(
            "Terminal %s upload %s: photo not kept, not a picture", device.serial, upload.id
        )
        return f"not kept: {err}"


async def _record(
    context: TerminalContext,
    device: Device,
    upload: TerminalUpload,
    reading: Reading,
    photo: CheckedPhoto | str | None,
) -> dict[str, Any]:
    outcome: dict[str, Any] = {"records": reading.count}
    if reading.errors:
        outcome["errors"] = [
            {"line": error.number, "reason": error.reason}
            for error in reading.errors[:MAX_LISTED_ERRORS]
        ]
        outcome["error_count"] = len(reading.errors)
    if reading.ignored:
        outcome["ignored"] = reading.ignored
    if reading.rows:
        outcome["rows"] = dict(reading.rows)

    zone = zone_of(device, context.district_timezone)
    punches = [locate(raw, zone) for raw in reading.punches]
    if punches:
        result = await take_punches(context, device, punches, {"upload_id": upload.id})
        outcome.update(result.as_outcome())
        keys = [punch_key(device.serial, punch) for punch in punches]
        outcome["photos_linked"] = await link_waiting_photos(context, device, keys)
        _log_intake(device, upload, result)
    if isinstance(photo, str):
        outcome["photo"] = photo
    elif photo is not None:
        outcome["photo"] = await _keep_photo(context, device, reading, punches, photo)
    if reading.results:
        closed, unknown = await close_commands(device, reading.results, context.ledger.now())
        outcome.update({"commands_closed": closed, "commands_unknown": unknown})
    if reading.pairs:
        device.info = {**device.info, "options": dict(reading.pairs)}
        await Device.filter(id=device.id).update(info=device.info)
    return outcome


async def _keep_photo(
    context: TerminalContext,
    device: Device,
    reading: Reading,
    punches: list[TerminalPunch],
    photo: CheckedPhoto,
) -> str:
    """Keep the photo of an ATTPHOTO upload (its file name names the punch) or of an event."""
    attphoto = reading.photo
    if attphoto is None:
        return await keep_photo(context, device, photo, punch_key(device.serial, punches[0]))
    assert attphoto.pin is not None and attphoto.time is not None
    zone = zone_of(device, context.district_timezone)
    punch = locate(RawPunch(attphoto.pin, attphoto.time), zone)
    done = await keep_photo(context, device, photo, punch_key(device.serial, punch))
    return done if attphoto.size_matches else f"{done}, size differs from its header"


def _log_intake(device: Device, upload: TerminalUpload, result: IntakeResult) -> None:
    logger.info(
        "Terminal %s upload %s: %s punches, %s new, %s duplicate, %s repeat, %s flagged, "
        "%s unmapped",
        device.serial,
        upload.id,
        result.received,
        result.new,
        result.duplicates,
        result.repeats,
        result.flagged,
        result.unmapped,
    )


async def _finish(
    upload: TerminalUpload, outcome: dict[str, Any], context: TerminalContext
) -> None:
    now = context.ledger.now()
    await TerminalUpload.filter(id=upload.id).update(processed_at=now, outcome=outcome)
    upload.processed_at = now
    upload.outcome = outcome


async def accept_upload(
    context: TerminalContext,
    device: Device,
    upload: TerminalUpload,
    body: bytes,
    picture: bytes | None = None,
) -> Reading:
    """Record a kept upload of an approved terminal, or read and hold one of a pending terminal.

    A held upload is read only to answer the terminal (and to refuse a malformed one); it waits,
    unprocessed, for the terminal's approval. Its photo, if any, is not kept.
    """
    if device.status is DeviceStatus.APPROVED:
        return await process_upload(context, device, upload, body, picture)

    try:
        reading = read_upload(TerminalProtocol(device.protocol), upload.table_name, body)
    except MalformedUpload as err:
        await _finish(upload, {"error": str(err)}, context)
        raise
    outcome = {"status": "quarantined", "records": reading.count}
    await TerminalUpload.filter(id=upload.id).update(outcome=outcome)
    logger.info("Terminal %s is not approved: upload %s held", device.serial, upload.id)
    return reading


async def process_waiting_uploads(context: TerminalContext, device: Device) -> int:
    """Process, oldest first, what an approved terminal sent while it waited; return how many."""
    protocol = TerminalProtocol(device.protocol)
    waiting = await TerminalUpload.filter(serial=device.serial, processed_at=None).order_by("id")
    for upload in waiting:
        if protocol is TerminalProtocol.ADMS and Table.of(upload.table_name) is Table.ATTPHOTO:
            await _finish(upload, {"photo": PHOTO_NOT_KEPT}, context)
            continue
        try:
            await process_upload(context, device, upload, bytes(upload.body))
        except MalformedUpload:
            continue  # Recorded as malformed in its outcome.
    return len(waiting)
