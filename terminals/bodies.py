"""Request bodies as terminals send them: read within the size limit, and JSON read strictly.

:func:`read_body` is the one place a terminal's request body is read. It keeps to
``terminals.max_body_bytes`` whatever the request declares: a chunked body and all the parts of
a multipart body together count. A body that cannot be read as sent is a
:class:`MalformedUpload` (answered 400), never an unexpected error: bytes that do not follow
their ``Content-Encoding``, a broken chunked framing, a multipart body without a boundary or
with one over 70 characters, parts that do not follow the boundary, an unterminated last part,
an unreadable part header or an over-long line. The messages name the rule, never the bytes.

:func:`parse_json` reads JSON as RFC 8259 defines it: ``NaN``, ``Infinity`` and numbers too
large for a float are refused (Python's ``json`` and pydantic accept them).
"""

from __future__ import annotations

import json
import logging
import math
import warnings
from dataclasses import dataclass
from typing import Any

from aiohttp import BodyPartReader, hdrs, web
from aiohttp.helpers import parse_mimetype
from aiohttp.http_exceptions import BadHttpMessage, LineTooLong

from terminals.errors import BodyTooLarge, MalformedUpload, TerminalError

MAX_BOUNDARY = 70  # RFC 2046 §5.1.1
FRAMING = (
    "The multipart body does not follow its boundary: it must start with a '--<boundary>' "
    "line, give every part its headers and end with '--<boundary>--'."
)
HINT = "Isi kiriman mesin tidak terbaca. Periksa pengaturan HTTP mesin."


@dataclass(frozen=True, slots=True)
class Part:
    """One part of a multipart body: its name, its content type and its bytes."""

    name: str | None
    content_type: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Body:
    """A request body: its bytes, or (read as multipart) its parts and no bytes."""

    data: bytes
    parts: tuple[Part, ...] | None = None


async def read_body(request: web.Request, limit: int, *, multipart: bool = False) -> Body:
    """Read a terminal's request body; a ``multipart/*`` one as its parts when `multipart`.

    Raises BodyTooLarge above `limit` bytes and MalformedUpload for a body that cannot be read.
    """
    declared = request.content_length
    if declared is not None and declared > limit:
        msg = f"Body of {declared} bytes is over the limit of {limit} bytes."
        raise BodyTooLarge(msg)
    try:
        if multipart and request.content_type.startswith("multipart/"):
            return Body(b"", await _read_parts(request, limit))
        return Body(await _read_all(request, limit))
    except TerminalError:
        raise
    except web.RequestPayloadError as err:
        encoding = request.headers.get(hdrs.CONTENT_ENCODING, "")
        as_sent = f"its Content-Encoding {encoding[:20]!r}" if encoding else "its transfer framing"
        msg = f"The body cannot be read as sent: it does not follow {as_sent}."
        raise MalformedUpload(msg, hint=HINT) from err
    except LineTooLong as err:
        msg = "A boundary or part header line of the multipart body is too long."
        raise MalformedUpload(msg, hint=HINT) from err
    except BadHttpMessage as err:
        msg = "A part header of the multipart body is not a 'Name: value' line."
        raise MalformedUpload(msg, hint=HINT) from err
    except ValueError as err:
        raise MalformedUpload(FRAMING, hint=HINT) from err


async def _read_all(request: web.Request, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.content.iter_any():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge(_over(limit))
        chunks.append(chunk)
    return b"".join(chunks)


async def _read_parts(request: web.Request, limit: int) -> tuple[Part, ...]:
    boundary = parse_mimetype(request.headers.get(hdrs.CONTENT_TYPE, "")).parameters.get(
        "boundary", ""
    )
    if not boundary:
        msg = f"Content-Type {request.content_type} needs a boundary of 1 to 70 characters."
        raise MalformedUpload(msg, hint=HINT)
    if len(boundary) > MAX_BOUNDARY:
        msg = f"The multipart boundary has {len(boundary)} characters; RFC 2046 allows 70."
        raise MalformedUpload(msg, hint=HINT)

    reader = await request.multipart()
    parts: list[Part] = []
    size = 0
    while (part := await reader.next()) is not None:
        if not isinstance(part, BodyPartReader):
            msg = "A multipart body of a terminal must not nest multipart parts."
            raise MalformedUpload(msg, hint=HINT)
        chunks: list[bytes] = []
        while chunk := await part.read_chunk():
            size += len(chunk)
            if size > limit:
                raise BodyTooLarge(_over(limit))
            chunks.append(chunk)
        parts.append(Part(_name(part), part.headers.get(hdrs.CONTENT_TYPE, ""), b"".join(chunks)))
    return tuple(parts)


def _name(part: BodyPartReader) -> str | None:
    """Return the part's name; a broken Content-Disposition gives none (aiohttp only warns)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return part.name


def _over(limit: int) -> str:
    return f"Body is over the limit of {limit} bytes."


def parse_json(body: bytes, what: str) -> Any:
    """Read `body` as strict JSON; `what` names the body in the error."""
    try:
        return json.loads(body, parse_constant=_no_constant, parse_float=_finite)
    except RecursionError as err:
        msg = f"{what} body is JSON nested too deeply to be read."
        raise MalformedUpload(msg) from err
    except ValueError as err:  # JSONDecodeError, UnicodeDecodeError and the refusals below
        msg = f"{what} body is not JSON (RFC 8259): {err}."
        raise MalformedUpload(msg) from err


def _no_constant(name: str) -> float:
    msg = f"{name} is not a JSON number"
    raise ValueError(msg)


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        msg = f"{text[:20]} is too large for a number"
        raise ValueError(msg)
    return value


class AnsweredPayloadErrors(logging.Filter):
    """Make aiohttp's log of an undecodable body, already answered, one line.

    After a handler answered (a terminal route: 400) without the rest of a body it could not
    decode, aiohttp drains the rest, meets the same error again and logs it as an unhandled
    exception with a traceback (aio-libs/aiohttp#1710). That record becomes one line of INFO.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the drain's record; let every other record through unchanged."""
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, web.RequestPayloadError):
            record.msg = "Unread rest of a request body not decodable as sent; connection closed"
            record.args = ()
            record.exc_info = None
            record.exc_text = None
            record.levelno = logging.INFO
            record.levelname = logging.getLevelName(logging.INFO)
        return True


def quiet_answered_payload_errors() -> None:
    """Install :class:`AnsweredPayloadErrors` on aiohttp's server log, once."""
    server_log = logging.getLogger("aiohttp.server")
    if not any(isinstance(item, AnsweredPayloadErrors) for item in server_log.filters):
        server_log.addFilter(AnsweredPayloadErrors())
