"""The asyncio face service: the verifier's calls run in a bounded thread pool, off the loop.

onnxruntime, OpenCV and Pillow release the GIL while they work, so ``max_workers`` threads give
real parallelism; an asyncio semaphore of the same size keeps further requests waiting on the
loop, where they can still be cancelled, rather than in the executor's queue. The service is the
one owner of the loaded models: open it once at start-up (``async with await
FaceService.open(settings)``, or ``start``/``aclose`` in an aiohttp ``cleanup_ctx``) and share it.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from types import TracebackType
from typing import Self, TypeVar

from config.recognition import RecognitionSettings
from recognition.pose import PoseChallenge
from recognition.template import Template
from recognition.verifier import FaceSample, FaceVerifier, Inspection, Verification

_T = TypeVar("_T")


class FaceService:
    """Run face inspection, enrolment and verification without blocking the event loop."""

    def __init__(self, verifier: FaceVerifier, *, max_workers: int) -> None:
        self.verifier = verifier
        self._executor = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="face")
        self._slots = asyncio.Semaphore(max_workers)

    @classmethod
    async def open(cls, settings: RecognitionSettings) -> FaceService:
        """Load the models in a worker thread (about a second) and return the service."""
        verifier = await asyncio.to_thread(FaceVerifier.load, settings)
        return cls(verifier, max_workers=settings.max_workers)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Wait for running work to finish and release the worker threads."""
        await asyncio.to_thread(self._executor.shutdown, wait=True)

    async def inspect(self, data: bytes) -> Inspection:
        """Report every face in the photo with its quality measures."""
        return await self._run(self.verifier.inspect, data)

    async def capture(self, data: bytes) -> FaceSample:
        """Find, gate and embed the one face in the photo."""
        return await self._run(self.verifier.capture, data)

    async def enroll(self, photos: Sequence[bytes]) -> tuple[Template, ...]:
        """Return one template per photo, or raise naming the photo that failed and why."""
        return await self._run(self.verifier.enroll, photos)

    async def verify(
        self,
        data: bytes,
        templates: Sequence[Template],
        *,
        challenge: PoseChallenge | None = None,
        mirrored: bool | None = None,
        previous_fingerprints: Iterable[str] = (),
    ) -> Verification:
        """Decide whether the photo shows the person these templates belong to."""
        call = functools.partial(
            self.verifier.verify,
            challenge=challenge,
            mirrored=mirrored,
            previous_fingerprints=tuple(previous_fingerprints),
        )
        return await self._run(call, data, templates)

    def needs_reenrollment(self, templates: Iterable[Template]) -> bool:
        """Return whether any template was made by another engine or model version."""
        return self.verifier.needs_reenrollment(templates)

    async def _run(self, call: Callable[..., _T], *args: object) -> _T:
        async with self._slots:
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self._executor, functools.partial(call, *args))
