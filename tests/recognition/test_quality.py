"""Tests of recognition.quality: measures on real faces and the order of gate rules."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from config.recognition import RecognitionSettings
from recognition.aligner import align_face
from recognition.errors import FaceTooSmall, PoseOutOfRange, TooBlurred, TooDark
from recognition.pose import Pose
from recognition.quality import Quality, check_quality, measure_quality, quality_problems
from recognition.verifier import FaceVerifier
from tests.recognition.photos import RGB, blur, darken, resize

GOOD = Quality(face_px=150.0, brightness=130.0, sharpness=400.0, pose=Pose(0.0, 0.0, 0.0))


def measure(verifier: FaceVerifier, rgb: RGB) -> Quality:
    """Measure the largest face of an RGB image."""
    face = verifier.engine.detect(rgb)[0]
    return measure_quality(
        face,
        align_face(rgb, face.landmarks),
        image_long_side=max(rgb.shape[:2]),
        reference_long_side=640,
    )


def test_measure_quality_of_a_good_photo_passes(
    verifier: FaceVerifier, astronaut: RGB, recognition_settings: RecognitionSettings
) -> None:
    """The astronaut portrait breaks no rule."""
    quality = measure(verifier, astronaut)

    assert quality_problems(quality, recognition_settings) == []
    assert quality.face_px > 80


def test_measure_quality_tracks_light_and_blur(verifier: FaceVerifier, astronaut: RGB) -> None:
    """Darkening lowers brightness; blurring lowers sharpness."""
    base = measure(verifier, astronaut)

    assert measure(verifier, darken(astronaut, 0.5)).brightness < base.brightness * 0.6
    assert measure(verifier, blur(astronaut, 2)).sharpness < base.sharpness / 4


def test_measure_quality_scales_face_size_to_the_reference_side(
    verifier: FaceVerifier, astronaut: RGB
) -> None:
    """The same face in a twice larger photo measures the same at a 640 px long side."""
    big = resize(astronaut, 1024, 1024)
    face = verifier.engine.detect(big)[0]

    quality = measure_quality(
        face, align_face(big, face.landmarks), image_long_side=1024, reference_long_side=512
    )

    assert quality.face_px == pytest.approx(measure(verifier, astronaut).face_px, rel=0.05)


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"face_px": 30.0}, FaceTooSmall),
        ({"pose": Pose(55.0, 0.0, 0.0)}, PoseOutOfRange),
        ({"pose": Pose(0.0, -50.0, 0.0)}, PoseOutOfRange),
        ({"brightness": 20.0}, TooDark),
        ({"sharpness": 10.0}, TooBlurred),
    ],
)
def test_check_quality_raises_the_broken_rule(
    recognition_settings: RecognitionSettings, change: dict[str, Any], error: type[Exception]
) -> None:
    """Each measure below its limit raises its own error type."""
    quality = replace(GOOD, **change)

    with pytest.raises(error):
        check_quality(quality, recognition_settings)


def test_quality_problems_lists_every_rule_in_order(
    recognition_settings: RecognitionSettings,
) -> None:
    """A tiny, dark, blurred face reports size first, then light, then blur."""
    quality = Quality(face_px=20.0, brightness=10.0, sharpness=1.0, pose=Pose(0.0, 0.0, 0.0))

    codes = [problem.code for problem in quality_problems(quality, recognition_settings)]

    assert codes == ["face_too_small", "too_dark", "too_blurred"]


def test_quality_error_message_names_measure_value_and_rule(
    recognition_settings: RecognitionSettings,
) -> None:
    """The message says what was measured, its value and the limit."""
    quality = Quality(face_px=150.0, brightness=12.5, sharpness=400.0, pose=Pose(0.0, 0.0, 0.0))

    with pytest.raises(TooDark, match=r"Face brightness is 12\.5\. .* at least 40 of 255"):
        check_quality(quality, recognition_settings)
