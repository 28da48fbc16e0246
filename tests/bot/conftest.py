"""Fixtures of the bot tests: the face engine once per session, a running bot per test."""

from __future__ import annotations

from collections.abc import AsyncIterator

import numpy as np
import pytest
from PIL import Image

from bot.sandbox import FakeBotApi
from config.recognition import RecognitionSettings
from recognition.service import FaceService
from recognition.verifier import FaceVerifier
from tests.bot.harness import RunningBot, monday_morning, start_bot, stop_bot
from tests.recognition.photos import RGB, darken, encode, on_canvas, package_image
from tests.timetravel import TravellingClock


@pytest.fixture(scope="session")
def face_verifier() -> FaceVerifier:
    """The bundled face engine, loaded once."""
    return FaceVerifier.load(RecognitionSettings())


@pytest.fixture(scope="session")
def tom() -> RGB:
    """insightface's Tom Hanks face crop."""
    return np.asarray(Image.open(package_image("Tom_Hanks_54745.png")).convert("RGB"))


@pytest.fixture(scope="session")
def enrollment_photos(tom: RGB) -> list[bytes]:
    """Three differently framed photos of one identity."""
    mirrored = np.ascontiguousarray(tom[:, ::-1])
    return [
        encode(on_canvas(tom, size=220, at=(200, 120))),
        encode(on_canvas(mirrored, size=260, at=(60, 90)), "JPEG", quality=92),
        encode(darken(on_canvas(tom, size=180, at=(380, 250)), 0.85), "JPEG", quality=90),
    ]


@pytest.fixture(scope="session")
def selfies(tom: RGB) -> list[bytes]:
    """Further photos of the same identity, each a different file."""
    return [
        encode(
            on_canvas(tom, size=240 + 10 * n, at=(150 + 30 * n, 60 + 20 * n), shape=(600, 800)),
            "JPEG",
            quality=85 - n,
        )
        for n in range(4)
    ]


@pytest.fixture(scope="session")
def impostor() -> bytes:
    """scikit-image's astronaut: somebody else."""
    from skimage import data

    return encode(np.asarray(data.astronaut(), dtype=np.uint8), "JPEG", quality=90)  # type: ignore[no-untyped-call]


@pytest.fixture
def bot_clock() -> TravellingClock:
    """The clock of the fake Telegram and of the ledger."""
    return TravellingClock(monday_morning())


@pytest.fixture
async def fake(bot_clock: TravellingClock) -> AsyncIterator[FakeBotApi]:
    """The fake Bot API, dating messages by the test clock."""
    api = FakeBotApi(clock=bot_clock)
    await api.start()
    yield api
    assert api.rejected == [], f"the bot made malformed calls: {api.rejected}"
    await api.stop()


@pytest.fixture
async def running(
    db: str, fake: FakeBotApi, bot_clock: TravellingClock, face_verifier: FaceVerifier
) -> AsyncIterator[RunningBot]:
    """The real bot polling the fake, on a fresh database."""
    faces = FaceService(face_verifier, max_workers=2)
    bot = await start_bot(fake, bot_clock, faces)
    yield bot
    await stop_bot(bot)
    await faces.aclose()
