"""The face pipeline: decode, detect, quality gate, align, embed, compare, decide.

:class:`FaceVerifier` is the synchronous API (CLI, benchmark, tests); :class:`FaceService` in
:mod:`recognition.service` runs the same calls off the event loop. A verifier owns one engine
and, if configured, one anti-spoof detector, both loaded once; every method is safe to call
from several threads at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from config.recognition import RecognitionSettings
from recognition.aligner import align_face
from recognition.antispoof import SpoofDetector
from recognition.detector import Detection
from recognition.engine import FaceEngine, load_engine
from recognition.enrollment import EnrollmentRules, enroll
from recognition.errors import MultipleFaces, NoFaceFound
from recognition.fingerprint import fingerprint_image, is_repeat
from recognition.image import DecodedImage, decode_image
from recognition.matcher import (
    Decision,
    Reason,
    Thresholds,
    best_similarity,
    decide,
    require_model,
)
from recognition.pose import Pose, PoseChallenge, meets_challenge
from recognition.quality import Quality, check_quality, measure_quality, quality_problems
from recognition.template import Template


@dataclass(frozen=True, slots=True)
class FaceReport:
    """One face found by :meth:`FaceVerifier.inspect`, with the gate rules it breaks."""

    detection: Detection
    quality: Quality
    problems: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Inspection:
    """Everything found in one photo, without any gate applied.

    ``width`` and ``height`` are the upright photo's full size; face boxes and landmarks are in
    working-image pixels, which ``scale`` turns into the photo's pixels.
    """

    format: str
    width: int
    height: int
    faces: tuple[FaceReport, ...]
    fingerprint: str
    scale: float = 1.0


@dataclass(frozen=True, slots=True, eq=False)
class FaceSample:
    """One photo that passed the capture path: its face, quality and template."""

    image: DecodedImage
    detection: Detection
    quality: Quality
    template: Template
    fingerprint: str


@dataclass(frozen=True, slots=True)
class Verification:
    """The verdict on a check-in photo against a person's templates."""

    decision: Decision
    score: float
    reasons: tuple[Reason, ...]
    fingerprint: str
    spoof_score: float | None
    pose: Pose


class FaceVerifier:
    """Verify and enrol faces with one loaded engine."""

    def __init__(
        self,
        engine: FaceEngine,
        settings: RecognitionSettings,
        spoof_detector: SpoofDetector | None = None,
    ) -> None:
        self.engine = engine
        self.settings = settings
        self.spoof_detector = spoof_detector
        self.thresholds = Thresholds(settings.accept_threshold, settings.review_threshold)

    @classmethod
    def load(cls, settings: RecognitionSettings) -> FaceVerifier:
        """Load the configured engine and anti-spoof models; raise rather than run without."""
        engine = load_engine(settings)
        spoof_detector = None
        if settings.antispoof_model_path is not None:
            spoof_detector = SpoofDetector.load(
                settings.antispoof_model_path, threads=settings.session_threads
            )
        return cls(engine, settings, spoof_detector)

    @property
    def model_key(self) -> str:
        """Return ``engine/model_version`` of the templates this verifier makes."""
        return f"{self.engine.name}/{self.engine.model_version}"

    def decode(self, data: bytes) -> DecodedImage:
        """Decode photo bytes within the configured limits."""
        return decode_image(
            data,
            max_bytes=self.settings.max_image_bytes,
            max_pixels=self.settings.max_image_pixels,
            working_long_side=2 * self.settings.detection_long_side,
        )

    def inspect(self, data: bytes) -> Inspection:
        """Report every face with its quality measures and broken rules, gating nothing."""
        image = self.decode(data)
        reports = []
        for face in self.engine.detect(image.pixels):
            quality = self._measure(image, face, align_face(image.pixels, face.landmarks))
            problems = tuple(error.code for error in quality_problems(quality, self.settings))
            reports.append(FaceReport(face, quality, problems))

        return Inspection(
            format=image.format,
            width=image.source_width,
            height=image.source_height,
            faces=tuple(reports),
            fingerprint=fingerprint_image(image.pixels),
            scale=image.source_scale,
        )

    def capture(self, data: bytes, *, gate: bool = True) -> FaceSample:
        """Decode, find exactly one face, gate its quality and embed it.

        With ``gate=False`` (benchmarks only) the largest face is taken and no quality or
        multiple-face rule applies.
        """
        image = self.decode(data)
        faces = self.engine.detect(image.pixels)
        if not faces:
            raise NoFaceFound(self.settings.detection_min_score)

        face = faces[0]
        ratio = self.settings.multiple_face_ratio
        prominent = [other for other in faces if other.short_side >= ratio * face.short_side]
        if gate and len(prominent) > 1:
            raise MultipleFaces(len(prominent), ratio)

        aligned = align_face(image.pixels, face.landmarks)
        quality = self._measure(image, face, aligned)
        if gate:
            check_quality(quality, self.settings)

        vector = self.engine.embed(aligned)
        template = Template(self.engine.name, self.engine.model_version, vector)
        return FaceSample(image, face, quality, template, fingerprint_image(image.pixels))

    def enroll(self, photos: Sequence[bytes]) -> tuple[Template, ...]:
        """Return one template per photo, or raise naming the photo that failed and why."""
        rules = EnrollmentRules(
            min_photos=self.settings.enrollment_min_photos,
            pair_threshold=self.settings.enrollment_pair_threshold,
            max_fingerprint_distance=self.settings.fingerprint_max_distance,
        )
        return enroll(photos, self.capture, rules)

    def needs_reenrollment(self, templates: Iterable[Template]) -> bool:
        """Return whether any template was made by another engine or model version."""
        return any(template.model_key != self.model_key for template in templates)

    def verify(
        self,
        data: bytes,
        templates: Sequence[Template],
        *,
        challenge: PoseChallenge | None = None,
        mirrored: bool | None = None,
        previous_fingerprints: Iterable[str] = (),
    ) -> Verification:
        """Decide whether the photo shows the person these templates belong to."""
        # Checked before the photo is processed, so a stale enrolment fails fast.
        require_model(templates, self.model_key)
        sample = self.capture(data)
        score = best_similarity(sample.template, templates)

        signals = []
        spoof_score = None
        if self.spoof_detector is not None:
            spoof_score = self.spoof_detector.score(sample.image.pixels, sample.detection)
            if spoof_score < self.settings.antispoof_min_score:
                signals.append(Reason.SPOOF_SCORE_LOW)
        if challenge is not None and not meets_challenge(
            sample.quality.pose,
            challenge,
            turn_deg=self.settings.challenge_turn_deg,
            frontal_deg=self.settings.challenge_frontal_deg,
            mirrored=mirrored,
        ):
            signals.append(Reason.POSE_CHALLENGE_FAILED)
        if is_repeat(
            sample.fingerprint, previous_fingerprints, self.settings.fingerprint_max_distance
        ):
            signals.append(Reason.IMAGE_SEEN_BEFORE)

        match = decide(score, self.thresholds, signals)
        return Verification(
            decision=match.decision,
            score=match.score,
            reasons=match.reasons,
            fingerprint=sample.fingerprint,
            spoof_score=spoof_score,
            pose=sample.quality.pose,
        )

    def _measure(
        self, image: DecodedImage, face: Detection, aligned: NDArray[np.uint8]
    ) -> Quality:
        return measure_quality(
            face,
            aligned,
            image_long_side=max(image.width, image.height),
            reference_long_side=self.settings.detection_long_side,
        )
