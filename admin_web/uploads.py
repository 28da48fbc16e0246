"""Uploaded files: size-limited, and their type checked by parsing them, never by their name.

Photos must open with Pillow as JPEG, PNG or WebP within a pixel limit (a decompression bomb is
refused, not decoded). Tables must parse as UTF-8 (or Windows-1252) CSV, or open with openpyxl as
an XLSX workbook. Whatever the browser claims as the content type is ignored.
"""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from aiohttp import web
from aiohttp.web_request import FileField
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from PIL import Image, UnidentifiedImageError

IMAGE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
MAX_PIXELS = 40_000_000
XLSX_MAGIC = b"PK\x03\x04"
CSV_DELIMITERS = ",;\t"


class UploadRefused(Exception):
    """An uploaded file is too large or not of an accepted type; the message says which."""


class UploadTooLarge(UploadRefused):
    """An uploaded file (or the number of files) is over the limit."""


@dataclass(frozen=True, slots=True)
class Upload:
    """One uploaded file: the name the browser gave, and its bytes."""

    filename: str
    data: bytes


def read_files(fields: Iterable[object], limit: int, *, most: int) -> list[Upload]:
    """Return the uploaded files among `fields`, refusing any over `limit` bytes or too many."""
    files = [field for field in fields if isinstance(field, FileField) and field.filename]
    if len(files) > most:
        msg = f"Terlalu banyak berkas: {len(files)}. Paling banyak {most} berkas sekali unggah."
        raise UploadTooLarge(msg)

    uploads: list[Upload] = []
    for field in files:
        data = field.file.read(limit + 1)
        if len(data) > limit:
            msg = f"Berkas {field.filename!r} lebih besar dari {limit // 1024} KB."
            raise UploadTooLarge(msg)
        uploads.append(Upload(field.filename, data))
    return uploads


def image_type(upload: Upload) -> str:
    """Return the content type of a photo after checking that it really is one."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(upload.data)) as image:
                kind = image.format or ""
                if image.width * image.height > MAX_PIXELS:
                    msg = f"Foto {upload.filename!r} terlalu besar ({image.width}x{image.height})."
                    raise UploadRefused(msg)
                image.verify()
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombWarning,
        Image.DecompressionBombError,
    ) as err:
        msg = f"Berkas {upload.filename!r} bukan foto JPEG, PNG atau WebP yang utuh."
        raise UploadRefused(msg) from err
    if kind not in IMAGE_TYPES:
        msg = f"Foto {upload.filename!r} berformat {kind or 'tidak dikenal'}. Kirim JPEG/PNG/WebP."
        raise UploadRefused(msg)
    return IMAGE_TYPES[kind]


def table_rows(upload: Upload, *, most: int) -> list[list[str]]:
    """Return the rows of a CSV or XLSX file as text cells (header included)."""
    if upload.data.startswith(XLSX_MAGIC):
        rows = _xlsx_rows(upload, most)
    else:
        rows = _csv_rows(upload, most)
    rows = [row for row in rows if any(cell for cell in row)]
    if len(rows) > most + 1:
        msg = f"Berkas {upload.filename!r} berisi {len(rows) - 1} baris; paling banyak {most}."
        raise UploadTooLarge(msg)
    return rows


def _xlsx_rows(upload: Upload, most: int) -> list[list[str]]:
    try:
        book = load_workbook(io.BytesIO(upload.data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as err:
        msg = f"Berkas {upload.filename!r} bukan buku kerja XLSX yang dapat dibaca."
        raise UploadRefused(msg) from err
    try:
        sheet = book.worksheets[0]
        rows: list[list[str]] = []
        for values in sheet.iter_rows(values_only=True):
            rows.append(["" if value is None else str(value).strip() for value in values])
            if len(rows) > most + 2:
                break
        return rows
    finally:
        book.close()


def _csv_rows(upload: Upload, most: int) -> list[list[str]]:
    if b"\x00" in upload.data:
        msg = f"Berkas {upload.filename!r} bukan CSV atau XLSX."
        raise UploadRefused(msg)
    try:
        content = upload.data.decode("utf-8-sig")
    except UnicodeDecodeError:
        content = upload.data.decode("cp1252", errors="replace")
    try:
        dialect = csv.Sniffer().sniff(content[:4096], delimiters=CSV_DELIMITERS)
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    try:
        reader = csv.reader(io.StringIO(content), delimiter=delimiter)
        rows = []
        for row in reader:
            rows.append([cell.strip() for cell in row])
            if len(rows) > most + 2:
                break
    except csv.Error as err:
        msg = f"Berkas {upload.filename!r} bukan CSV yang dapat dibaca."
        raise UploadRefused(msg) from err
    return rows


def refuse(err: UploadRefused) -> web.HTTPException:
    """Return the answer for a refused upload: 413 when over a limit, 400 otherwise."""
    if isinstance(err, UploadTooLarge):
        return TooLarge(text=str(err))
    return web.HTTPBadRequest(text=str(err))


class TooLarge(web.HTTPClientError):
    """413 with our own message (aiohttp's own class insists on byte counts in its text)."""

    status_code = 413
