"""Terminal photos: only real pictures are kept, and one per punch."""

from __future__ import annotations

import datetime as dt

import pytest

from attendance.models import AttendanceEvent, Device, EvidencePhoto
from attendance.vault import Vault
from terminals import photos
from terminals.context import TerminalContext
from terminals.intake import take_punches
from terminals.photos import ALREADY_KEPT, KEPT, NotAPhoto, check_photo, keep_photo
from terminals.punch import RawPunch, locate
from terminals.registry import find_device, zone_of
from tests.terminals.conftest import approved, picture

KEY = "terminal:SIM0001:1001:2026-11-30T00:31:05Z"


@pytest.mark.parametrize(("fmt", "content_type"), [("JPEG", "image/jpeg"), ("PNG", "image/png")])
async def test_check_photo_takes_real_pictures(fmt: str, content_type: str) -> None:
    """A whole JPEG or PNG is a photo, with its own content type."""
    image = picture(fmt)

    checked = await check_photo(image)

    assert (checked.image, checked.content_type) == (image, content_type)


@pytest.mark.parametrize(
    ("image", "reason"),
    [
        (b"JUNKJ", "not a JPEG or PNG"),
        (b"\x00" * 9_000_000, "not a JPEG or PNG"),
        (b"\xff\xd8\xff\xe0face\xff\xd9", "truncated or corrupt"),
        (picture()[:200], "truncated or corrupt"),
        (picture()[:-20], "truncated or corrupt"),  # the header reads, the pixels do not
        (picture("GIF"), "not a JPEG or PNG"),
    ],
)
async def test_check_photo_refuses_what_is_no_whole_picture(image: bytes, reason: str) -> None:
    """Junk, NUL bytes, a cut-off JPEG or another format are no photo, with the reason."""
    with pytest.raises(NotAPhoto, match=reason):
        await check_photo(image)


async def test_check_photo_refuses_pictures_over_the_pixel_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The pixel count is checked from the header, before the picture is decoded."""
    monkeypatch.setattr(photos, "MAX_PHOTO_PIXELS", 48 * 32 - 1)

    with pytest.raises(NotAPhoto, match="48x32 pixels"):
        await check_photo(picture())


async def _terminal(vault: Vault) -> Device:
    await approved("SIM0001", vault)
    device = await find_device("SIM0001")
    assert device is not None
    return device


async def _punch(context: TerminalContext, device: Device) -> AttendanceEvent:
    """Store the punch of KEY (PIN 1001 at 07:31:05 WIB) the way intake does."""
    raw = RawPunch("1001", dt.datetime(2026, 11, 30, 7, 31, 5))
    await take_punches(context, device, [locate(raw, zone_of(device, "Asia/Jakarta"))], {})
    return await AttendanceEvent.get(idempotency_key=KEY)


async def test_keep_photo_keeps_one_photo_per_punch_before_and_after_it_comes(
    context: TerminalContext, vault: Vault
) -> None:
    """The same photo again, waiting for its punch or bound to it, is not kept twice."""
    device = await _terminal(vault)
    photo = await check_photo(picture())

    first = await keep_photo(context, device, photo, KEY)
    waiting_again = await keep_photo(context, device, photo, KEY)
    await _punch(context, device)
    other = await keep_photo(context, device, photo, KEY.replace("1001", "1002"))

    assert (first, waiting_again) == ("kept, waiting for its punch", ALREADY_KEPT)
    assert other == "kept, waiting for its punch"
    assert await EvidencePhoto.all().count() == 2


async def test_keep_photo_binds_to_a_stored_punch_once(
    context: TerminalContext, vault: Vault
) -> None:
    """A photo of a stored punch is bound to it; a second one for that punch is not kept."""
    device = await _terminal(vault)
    event = await _punch(context, device)

    done = [
        await keep_photo(context, device, await check_photo(picture(color=color)), KEY)
        for color in ((1, 2, 3), (4, 5, 6))
    ]

    assert done == [KEPT, ALREADY_KEPT]
    assert await EvidencePhoto.filter(event_id=event.id).count() == 1
