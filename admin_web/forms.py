"""Reading submitted forms and query strings: typed values, or a 400 page naming the field.

Every value a view takes from a request goes through one of these, so a missing or malformed
field always answers 400 with an Indonesian message instead of reaching the domain half-parsed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any, TypeVar

from aiohttp import web

E = TypeVar("E")
MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def bad_request(message: str) -> web.HTTPBadRequest:
    """Return a 400 answer carrying `message` for the error page."""
    return web.HTTPBadRequest(text=message)


def text(
    form: Mapping[str, Any], name: str, *, required: bool = True, max_length: int = 200
) -> str:
    """Return the trimmed text of field `name`."""
    value = form.get(name, "")
    if not isinstance(value, str):
        msg = f"Isian {name!r} harus berupa teks."
        raise bad_request(msg)
    value = value.strip()
    if required and not value:
        msg = f"Isian {name!r} wajib diisi."
        raise bad_request(msg)
    if len(value) > max_length:
        msg = f"Isian {name!r} terlalu panjang ({len(value)} > {max_length} huruf)."
        raise bad_request(msg)
    return value


def integer(form: Mapping[str, Any], name: str, *, minimum: int = 0, maximum: int = 10**9) -> int:
    """Return field `name` as an integer within [minimum, maximum]."""
    raw = text(form, name, max_length=12)
    try:
        value = int(raw)
    except ValueError:
        msg = f"Isian {name!r} harus berupa angka, bukan {raw!r}."
        raise bad_request(msg) from None
    if not minimum <= value <= maximum:
        msg = f"Isian {name!r} harus antara {minimum} dan {maximum}."
        raise bad_request(msg)
    return value


def number(form: Mapping[str, Any], name: str) -> float:
    """Return field `name` as a finite decimal number (a comma is read as the decimal point)."""
    raw = text(form, name, max_length=30).replace(",", ".")
    try:
        value = float(raw)
    except ValueError:
        msg = f"Isian {name!r} harus berupa angka, bukan {raw!r}."
        raise bad_request(msg) from None
    if value != value or value in (float("inf"), float("-inf")):
        msg = f"Isian {name!r} harus berupa angka."
        raise bad_request(msg)
    return value


def date(form: Mapping[str, Any], name: str, *, required: bool = True) -> dt.date | None:
    """Return field `name` as a date written YYYY-MM-DD."""
    raw = text(form, name, required=required, max_length=10)
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        msg = f"Tanggal {raw!r} tidak valid. Tulis seperti 2026-12-07."
        raise bad_request(msg) from None


def time(form: Mapping[str, Any], name: str, *, required: bool = True) -> dt.time | None:
    """Return field `name` as a wall-clock time written HH:MM."""
    raw = text(form, name, required=required, max_length=8)
    if not raw:
        return None
    try:
        return dt.time.fromisoformat(raw)
    except ValueError:
        msg = f"Jam {raw!r} tidak valid. Tulis seperti 07:30."
        raise bad_request(msg) from None


def month(raw: str | None, default: tuple[int, int]) -> tuple[int, int]:
    """Return (year, month) from 'YYYY-MM', or `default` when nothing is given."""
    if not raw:
        return default
    found = MONTH.match(raw.strip())
    if found is None or not 1 <= int(found.group(2)) <= 12:
        msg = f"Bulan {raw!r} tidak valid. Tulis seperti 2026-12."
        raise bad_request(msg)
    return int(found.group(1)), int(found.group(2))


def query_date(request: web.Request, default: dt.date, name: str = "tanggal") -> dt.date:
    """Return the date in the query string, or `default`."""
    return date(request.query, name, required=False) or default


def choice(form: Mapping[str, Any], name: str, options: type[E]) -> E:
    """Return field `name` as a member of the enumeration `options`."""
    raw = text(form, name, max_length=40)
    try:
        return options(raw)  # type: ignore[call-arg]
    except ValueError:
        msg = f"Pilihan {raw!r} untuk {name!r} tidak dikenal."
        raise bad_request(msg) from None


def checkbox(form: Mapping[str, Any], name: str) -> bool:
    """Tell whether checkbox `name` was ticked."""
    return form.get(name) in ("1", "on", "ya")
