"""Enrolment: several photos of one person in, their templates out, or the photo that failed.

Rules: at least ``min_photos`` photos; each one passes the whole capture path (decoding, one
face, quality gate); no two are the same picture (perceptual hash); every pair looks like the
same person (cosine at least ``pair_threshold``). The function is pure apart from the capture
callable it is given, so it runs the same in the service, the CLI and the tests. A model error
during capture is not the photo's fault and propagates unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Protocol

from recognition.errors import (
    DuplicatePhoto,
    EnrollmentMismatch,
    EnrollmentPhotoRejected,
    FaceError,
    ImageError,
    NotEnoughPhotos,
)
from recognition.fingerprint import fingerprint_distance
from recognition.template import Template


@dataclass(frozen=True, slots=True)
class EnrollmentRules:
    """How many photos enrolment needs and how alike they must be."""

    min_photos: int
    pair_threshold: float
    max_fingerprint_distance: int


class CapturedPhoto(Protocol):
    """What enrolment needs from one captured photo."""

    @property
    def template(self) -> Template:
        """The photo's face template."""

    @property
    def fingerprint(self) -> str:
        """The photo's perceptual hash."""


def enroll(
    photos: Sequence[bytes],
    capture: Callable[[bytes], CapturedPhoto],
    rules: EnrollmentRules,
) -> tuple[Template, ...]:
    """Capture every photo and return one template each, or raise naming the failing photo."""
    if len(photos) < rules.min_photos:
        raise NotEnoughPhotos(len(photos), rules.min_photos)

    captured: list[CapturedPhoto] = []
    for index, photo in enumerate(photos):
        try:
            captured.append(capture(photo))
        except (ImageError, FaceError) as err:
            raise EnrollmentPhotoRejected(index, err) from err

    for first, second in combinations(range(len(captured)), 2):
        distance = fingerprint_distance(captured[first].fingerprint, captured[second].fingerprint)
        if distance <= rules.max_fingerprint_distance:
            raise DuplicatePhoto(second, first, distance)

    for first, second in combinations(range(len(captured)), 2):
        score = captured[first].template.similarity(captured[second].template)
        if score < rules.pair_threshold:
            raise EnrollmentMismatch(first, second, score, rules.pair_threshold)

    return tuple(photo.template for photo in captured)
