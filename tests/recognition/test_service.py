"""Tests of recognition.service: the same results off the event loop, with bounded concurrency."""

from __future__ import annotations

import asyncio
import threading
import time

import numpy as np
import pytest
from numpy.typing import NDArray

from config.recognition import RecognitionSettings
from recognition.detector import Detection
from recognition.errors import NoFaceFound
from recognition.matcher import Decision
from recognition.service import FaceService
from recognition.template import Template
from recognition.verifier import FaceVerifier
from tests.recognition.photos import encode


class SlowEngine:
    """An engine that finds no face, slowly, and records how many calls overlap."""

    def __init__(self) -> None:
        self.running = 0
        self.most = 0
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        """Engine name."""
        return "slow"

    @property
    def model_version(self) -> str:
        """Model version."""
        return "v1"

    def detect(self, rgb: NDArray[np.uint8]) -> list[Detection]:
        """Sleep a little while counting concurrent calls, then find nothing."""
        with self._lock:
            self.running += 1
            self.most = max(self.most, self.running)
        time.sleep(0.05)
        with self._lock:
            self.running -= 1
        return []

    def embed(self, aligned_rgb: NDArray[np.uint8]) -> NDArray[np.float32]:
        """Never called: no face is ever found."""
        raise AssertionError


async def test_service_verify_matches_the_sync_result(
    verifier: FaceVerifier, tom_probe: bytes, tom_templates: tuple[Template, ...]
) -> None:
    """The async call returns what the sync call returns."""
    async with FaceService(verifier, max_workers=2) as service:
        result = await service.verify(tom_probe, tom_templates, previous_fingerprints=iter(()))

    assert result == verifier.verify(tom_probe, tom_templates)
    assert result.decision is Decision.ACCEPT


async def test_service_runs_at_most_max_workers_at_once(
    recognition_settings: RecognitionSettings, tom_probe: bytes
) -> None:
    """Eight requests on two workers never overlap more than two at a time."""
    engine = SlowEngine()
    service = FaceService(FaceVerifier(engine, recognition_settings), max_workers=2)

    async with service:
        results = await asyncio.gather(
            *(service.capture(tom_probe) for _ in range(8)), return_exceptions=True
        )

    assert all(isinstance(result, NoFaceFound) for result in results)
    assert engine.most == 2


async def test_service_keeps_the_loop_responsive(
    recognition_settings: RecognitionSettings, tom_probe: bytes
) -> None:
    """While a slow inspection runs in a worker, the loop keeps ticking."""
    service = FaceService(FaceVerifier(SlowEngine(), recognition_settings), max_workers=1)
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.005)

    ticker = asyncio.create_task(tick(), name="ticker")
    async with service:
        report = await service.inspect(tom_probe)
    ticker.cancel()

    assert report.faces == ()
    assert ticks >= 3


async def test_service_open_loads_models_and_enrolls(
    recognition_settings: RecognitionSettings, astronaut_photos: list[bytes]
) -> None:
    """open() loads the configured engine in a thread; enrol works through the pool."""
    service = await FaceService.open(recognition_settings)
    try:
        templates = await service.enroll(astronaut_photos)
    finally:
        await service.aclose()

    assert len(templates) == 3
    assert not service.needs_reenrollment(templates)


async def test_service_propagates_typed_errors(
    verifier: FaceVerifier, tom_templates: tuple[Template, ...]
) -> None:
    """A typed error raised in a worker reaches the caller unchanged."""
    blank = encode(np.full((240, 320, 3), 50, np.uint8))

    async with FaceService(verifier, max_workers=1) as service:
        with pytest.raises(NoFaceFound):
            await service.verify(blank, tom_templates)
