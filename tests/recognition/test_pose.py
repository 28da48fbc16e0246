"""Tests of recognition.pose: angles from landmarks and the pose challenge."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.typing import NDArray

from recognition.aligner import TEMPLATE
from recognition.pose import Pose, PoseChallenge, estimate_pose, meets_challenge
from recognition.verifier import FaceVerifier
from tests.recognition.photos import RGB


def rotate(points: NDArray[np.float64], degrees: float) -> NDArray[np.float64]:
    """Rotate points about their centre, clockwise on screen for positive degrees."""
    angle = np.radians(degrees)
    matrix = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    centre = points.mean(axis=0)
    return np.asarray((points - centre) @ matrix.T + centre, dtype=np.float64)


def test_estimate_pose_of_template_is_frontal() -> None:
    """The ArcFace template itself has no yaw, pitch or roll."""
    pose = estimate_pose(TEMPLATE)

    assert pose.yaw == pytest.approx(0, abs=0.5)
    assert pose.pitch == pytest.approx(0, abs=0.5)
    assert pose.roll == pytest.approx(0, abs=0.5)


def test_estimate_pose_measures_roll_and_ignores_it_for_yaw() -> None:
    """Tilting the head changes roll only."""
    pose = estimate_pose(rotate(TEMPLATE, 25))

    assert pose.roll == pytest.approx(25, abs=0.5)
    assert pose.yaw == pytest.approx(0, abs=0.5)


@pytest.mark.parametrize(("shift", "sign"), [(8.0, 1), (-8.0, -1)])
def test_estimate_pose_signs_yaw_by_nose_side(shift: float, sign: int) -> None:
    """A nose towards the image's right means the person turned to their left (yaw > 0)."""
    points = TEMPLATE.copy()
    points[2, 0] += shift

    assert np.sign(estimate_pose(points).yaw) == sign
    assert abs(estimate_pose(points).yaw) > 20


def test_estimate_pose_signs_pitch_by_nose_height() -> None:
    """A nose closer to the mouth line means chin down (pitch > 0)."""
    points = TEMPLATE.copy()
    points[2, 1] += 8

    assert estimate_pose(points).pitch > 15


def test_estimate_pose_flips_yaw_on_a_mirrored_photo(verifier: FaceVerifier, tom: RGB) -> None:
    """Mirroring a turned face turns the yaw's sign."""
    face = verifier.engine.detect(tom)[0]
    mirrored = verifier.engine.detect(np.ascontiguousarray(tom[:, ::-1]))[0]

    assert estimate_pose(face.landmarks).yaw > 8
    assert estimate_pose(mirrored.landmarks).yaw < -8


@pytest.mark.parametrize(
    ("yaw", "challenge", "mirrored", "expected"),
    [
        (3.0, PoseChallenge.FRONTAL, None, True),
        (20.0, PoseChallenge.FRONTAL, None, False),
        (20.0, PoseChallenge.TURN_LEFT, False, True),
        (20.0, PoseChallenge.TURN_RIGHT, False, False),
        (20.0, PoseChallenge.TURN_RIGHT, True, True),
        (-20.0, PoseChallenge.TURN_RIGHT, False, True),
        (-20.0, PoseChallenge.TURN_LEFT, None, True),
        (10.0, PoseChallenge.TURN_LEFT, None, False),
    ],
)
def test_meets_challenge(
    yaw: float, challenge: PoseChallenge, mirrored: bool | None, expected: bool
) -> None:
    """Turns need 15 degrees; direction counts only when mirroring is known."""
    pose = Pose(yaw=yaw, pitch=0.0, roll=0.0)

    result = meets_challenge(pose, challenge, turn_deg=15, frontal_deg=12, mirrored=mirrored)

    assert result is expected
