"""Reading submitted forms, query strings and paths: typed values, or a 400/404 page saying why.

Every value a view takes from a request goes through one of these, so a missing or malformed
value always answers with an Indonesian message instead of reaching the domain or the database
half-parsed:

- form fields and query parameters answer **400** naming the field (in Indonesian, see
  :data:`FIELD_LABELS`). Text may not hold control characters (a NUL cannot even be stored in
  PostgreSQL); dates lie in years 2000 to 2100, the service's range
  (:data:`attendance.clock.EARLIEST_DATE` to :data:`attendance.clock.LATEST_DATE`).
- values taken from the path (row ids, village codes, terminal serials) answer **404** when they
  cannot name anything: an id outside 1 to 2^31-1 (:data:`attendance.people.ID_MAX`), a village
  code not shaped like 33.17.12.2012 (:func:`attendance.people.is_village_code`), a serial
  breaking the terminals' rule (:data:`terminals.punch.SERIAL_PATTERN`). No query is made.
- search boxes (:func:`search`) are lenient: control characters are dropped and the text is cut
  to its length, as a search for them could only find nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any, TypeVar

from aiohttp import web

from attendance.clock import EARLIEST_DATE, LATEST_DATE
from attendance.people import ID_MAX, is_village_code
from terminals.punch import SERIAL_PATTERN

E = TypeVar("E")
MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Control characters (C0 and C1, DEL) except tab and line breaks, which forms do send."""

SHOWN = 40
"""How much of a bad value a message repeats."""

FIELD_LABELS: Mapping[str, str] = {
    "name": "nama",
    "role": "jabatan",
    "village": "desa",
    "reason": "alasan",
    "username": "nama pengguna",
    "password": "kata sandi",
    "decision": "keputusan",
    "pin": "PIN",
    "person_id": "orang",
    "serial": "mesin",
    "command": "perintah",
    "timezone": "zona waktu",
    "date": "tanggal",
    "start": "dari jam",
    "end": "sampai jam",
    "effective_from": "berlaku mulai",
    "grace_minutes": "toleransi terlambat",
    "kind": "jenis",
    "lat": "lintang",
    "lng": "bujur",
    "radius_m": "radius",
    "tanggal": "tanggal",
    "bulan": "bulan",
    "desa": "desa",
    "hal": "halaman",
    "lanjut": "halaman tujuan",
}
"""What the error messages call each field (the names in the HTML are English)."""


def bad_request(message: str) -> web.HTTPBadRequest:
    """Return a 400 answer carrying `message` for the error page."""
    return web.HTTPBadRequest(text=message)


def label_of(name: str, label: str | None = None) -> str:
    """Return what a message calls field `name`: `label`, its known label, or the name."""
    return label or FIELD_LABELS.get(name, name)


def shown(raw: str) -> str:
    """Return a bad value as a message repeats it: quoted, escaped, at most :data:`SHOWN` long."""
    cut = raw if len(raw) <= SHOWN else raw[:SHOWN] + "…"
    return repr(cut)


def text(
    form: Mapping[str, Any],
    name: str,
    *,
    required: bool = True,
    max_length: int = 200,
    label: str | None = None,
    strip: bool = True,
) -> str:
    """Return the text of field `name`, trimmed unless `strip` is false (passwords)."""
    value = form.get(name, "")
    what = label_of(name, label)
    if not isinstance(value, str):
        msg = f'Isian "{what}" harus berupa teks.'
        raise bad_request(msg)
    if strip:
        value = value.strip()
    if required and not value:
        msg = f'Isian "{what}" wajib diisi.'
        raise bad_request(msg)
    if len(value) > max_length:
        msg = f'Isian "{what}" terlalu panjang ({len(value)} > {max_length} huruf).'
        raise bad_request(msg)
    if CONTROL.search(value):
        msg = f'Isian "{what}" berisi karakter kendali yang tidak boleh dipakai.'
        raise bad_request(msg)
    return value


def search(query: Mapping[str, Any], name: str, *, max_length: int = 100) -> str:
    """Return the text of search box `name`: trimmed, control characters dropped, cut."""
    value = query.get(name, "")
    if not isinstance(value, str):
        return ""
    return CONTROL.sub("", value).strip()[:max_length]


def integer(
    form: Mapping[str, Any],
    name: str,
    *,
    minimum: int = 0,
    maximum: int = 10**9,
    default: int | None = None,
    label: str | None = None,
) -> int:
    """Return field `name` as an integer within [minimum, maximum] (`default` when empty)."""
    raw = text(form, name, required=default is None, max_length=12, label=label)
    what = label_of(name, label)
    if not raw and default is not None:
        return default
    try:
        value = int(raw)
    except ValueError:
        msg = f'Isian "{what}" harus berupa angka, bukan {shown(raw)}.'
        raise bad_request(msg) from None
    if not minimum <= value <= maximum:
        msg = f'Isian "{what}" harus antara {minimum} dan {maximum}.'
        raise bad_request(msg)
    return value


def number(form: Mapping[str, Any], name: str, *, label: str | None = None) -> float:
    """Return field `name` as a finite decimal number (a comma is read as the decimal point)."""
    raw = text(form, name, max_length=30, label=label).replace(",", ".")
    what = label_of(name, label)
    try:
        value = float(raw)
    except ValueError:
        msg = f'Isian "{what}" harus berupa angka, bukan {shown(raw)}.'
        raise bad_request(msg) from None
    if value != value or value in (float("inf"), float("-inf")):
        msg = f'Isian "{what}" harus berupa angka.'
        raise bad_request(msg)
    return value


def date(
    form: Mapping[str, Any], name: str, *, required: bool = True, label: str | None = None
) -> dt.date | None:
    """Return field `name` as a date written YYYY-MM-DD, in years 2000 to 2100."""
    raw = text(form, name, required=required, max_length=10, label=label)
    if not raw:
        return None
    try:
        value = dt.date.fromisoformat(raw)
    except ValueError:
        msg = f"Tanggal {shown(raw)} tidak valid. Tulis seperti 2026-12-07."
        raise bad_request(msg) from None
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        msg = (
            f"Tanggal {raw} di luar jangkauan: pilih tanggal antara "
            f"{EARLIEST_DATE.year} dan {LATEST_DATE.year}."
        )
        raise bad_request(msg)
    return value


def time(
    form: Mapping[str, Any], name: str, *, required: bool = True, label: str | None = None
) -> dt.time | None:
    """Return field `name` as a wall-clock time written HH:MM."""
    raw = text(form, name, required=required, max_length=8, label=label)
    if not raw:
        return None
    try:
        return dt.time.fromisoformat(raw)
    except ValueError:
        msg = f"Jam {shown(raw)} tidak valid. Tulis seperti 07:30."
        raise bad_request(msg) from None


def month(raw: str | None, default: tuple[int, int]) -> tuple[int, int]:
    """Return (year, month) from 'YYYY-MM' in years 2000 to 2100, or `default` when empty."""
    if not raw or not raw.strip():
        return default
    found = MONTH.fullmatch(raw.strip())
    if found is None or not 1 <= int(found.group(2)) <= 12:
        msg = f"Bulan {shown(raw)} tidak valid. Tulis seperti 2026-12."
        raise bad_request(msg)
    year = int(found.group(1))
    if not EARLIEST_DATE.year <= year <= LATEST_DATE.year:
        msg = (
            f"Bulan {raw.strip()} di luar jangkauan: pilih tahun antara "
            f"{EARLIEST_DATE.year} dan {LATEST_DATE.year}."
        )
        raise bad_request(msg)
    return year, int(found.group(2))


def query_date(request: web.Request, default: dt.date, name: str = "tanggal") -> dt.date:
    """Return the date in the query string, or `default`."""
    return date(request.query, name, required=False) or default


def choice(form: Mapping[str, Any], name: str, options: type[E], *, label: str | None = None) -> E:
    """Return field `name` as a member of the enumeration `options`."""
    raw = text(form, name, max_length=40, label=label)
    try:
        return options(raw)  # type: ignore[call-arg]
    except ValueError:
        msg = f'Pilihan {shown(raw)} untuk "{label_of(name, label)}" tidak dikenal.'
        raise bad_request(msg) from None


def checkbox(form: Mapping[str, Any], name: str) -> bool:
    """Tell whether checkbox `name` was ticked."""
    return form.get(name) in ("1", "on", "ya")


def village_code(form: Mapping[str, Any], name: str = "village", *, required: bool = True) -> str:
    """Return field `name` as a village code, or an empty string when optional and empty."""
    raw = text(form, name, required=required, max_length=40)
    if raw and not is_village_code(raw):
        msg = f"Kode desa {shown(raw)} tidak valid. Kode desa seperti 33.17.12.2012."
        raise bad_request(msg)
    return raw


def serial(form: Mapping[str, Any], name: str = "serial") -> str:
    """Return field `name` as a terminal serial (1-64 letters, digits, '.', '_' or '-')."""
    raw = text(form, name, max_length=80)
    if not SERIAL_PATTERN.fullmatch(raw):
        msg = "Nomor seri mesin berisi 1-64 huruf, angka, titik, _ atau -."
        raise bad_request(msg)
    return raw


def path_id(request: web.Request, name: str, what: str) -> int:
    """Return the row id `name` of the path; 404 naming `what` when no row can have it."""
    raw = request.match_info.get(name, "")
    if not raw.isascii() or not raw.isdigit() or len(raw) > len(str(ID_MAX)):
        raise web.HTTPNotFound(text=f"{what} nomor {shown(raw)} tidak ada.")
    value = int(raw)
    if not 1 <= value <= ID_MAX:
        raise web.HTTPNotFound(text=f"{what} nomor {value} tidak ada.")
    return value


def path_village_code(request: web.Request, name: str = "code") -> str:
    """Return the village code of the path; 404 when it is not shaped like one."""
    raw = request.match_info.get(name, "")
    if not is_village_code(raw):
        raise web.HTTPNotFound(text=f"Desa dengan kode {shown(raw)} tidak ada.")
    return raw


def path_serial(request: web.Request, name: str = "serial") -> str:
    """Return the terminal serial of the path; 404 when it breaks the serial rule."""
    raw = request.match_info.get(name, "")
    if not SERIAL_PATTERN.fullmatch(raw):
        raise web.HTTPNotFound(text=f"Mesin absen {shown(raw)} tidak terdaftar.")
    return raw
