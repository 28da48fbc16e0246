"""Head pose from the five landmarks, and the head-pose challenge the bot can ask for.

The angles are rough (a few degrees to ten), enough for a quality gate and for telling a
frontal face from a clearly turned one; they are not a 3-D fit. Roll is the angle of the eye
line. After undoing roll, yaw comes from how far the nose tip sits from the midline of the eyes
and mouth corners, relative to the face's half width; pitch from where the nose tip sits between
the eye line and the mouth line, relative to the ArcFace template. Both assume a nose that
protrudes about one half width (yaw) or 0.6 eye-to-mouth heights (pitch) from the face plane.

Sign conventions: positive yaw means the person turned to *their* left, which moves the nose
towards the image's right in an unmirrored photo; positive pitch means chin down; positive roll
means the eye line slopes down towards the image's right (the head tilts clockwise on screen).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray

# Nose position between eye line (0) and mouth line (1) in the ArcFace template of a frontal face.
_FRONTAL_NOSE_HEIGHT = (71.7366 - 51.5989) / (92.2848 - 51.5989)
_NOSE_DEPTH_PER_HALF_WIDTH = 1.0
_NOSE_DEPTH_PER_FACE_HEIGHT = 0.6


@dataclass(frozen=True, slots=True)
class Pose:
    """Head pose in degrees (see the module docstring for the signs)."""

    yaw: float
    pitch: float
    roll: float


class PoseChallenge(StrEnum):
    """What the bot may ask the person to do in the selfie."""

    FRONTAL = "frontal"
    TURN_LEFT = "turn_left"
    TURN_RIGHT = "turn_right"


def estimate_pose(landmarks: NDArray[np.floating]) -> Pose:
    """Estimate yaw, pitch and roll in degrees from five landmarks."""
    points = np.asarray(landmarks, dtype=np.float64).reshape(5, 2)
    eye_a, eye_b, nose, mouth_a, mouth_b = points

    roll = math.atan2(eye_b[1] - eye_a[1], eye_b[0] - eye_a[0])
    cos, sin = math.cos(-roll), math.sin(-roll)
    upright = (points - points.mean(axis=0)) @ np.array([[cos, sin], [-sin, cos]])
    eye_a, eye_b, nose, mouth_a, mouth_b = upright

    half_width = (abs(eye_b[0] - eye_a[0]) + abs(mouth_b[0] - mouth_a[0])) / 4
    midline = (eye_a[0] + eye_b[0] + mouth_a[0] + mouth_b[0]) / 4
    eye_line = (eye_a[1] + eye_b[1]) / 2
    mouth_line = (mouth_a[1] + mouth_b[1]) / 2
    face_height = mouth_line - eye_line

    yaw = math.atan2(nose[0] - midline, half_width * _NOSE_DEPTH_PER_HALF_WIDTH)
    nose_height = (nose[1] - eye_line) / face_height if face_height > 0 else _FRONTAL_NOSE_HEIGHT
    pitch = math.atan((nose_height - _FRONTAL_NOSE_HEIGHT) / _NOSE_DEPTH_PER_FACE_HEIGHT)

    return Pose(yaw=math.degrees(yaw), pitch=math.degrees(pitch), roll=math.degrees(roll))


def meets_challenge(
    pose: Pose,
    challenge: PoseChallenge,
    *,
    turn_deg: float,
    frontal_deg: float,
    mirrored: bool | None = None,
) -> bool:
    """Return whether the pose answers the challenge.

    Front cameras may or may not mirror the saved photo, so with ``mirrored=None`` (unknown) a
    turn in either direction answers TURN_LEFT or TURN_RIGHT; pass True or False when the
    client is known, and the direction is checked too.
    """
    if challenge is PoseChallenge.FRONTAL:
        return abs(pose.yaw) <= frontal_deg

    if abs(pose.yaw) < turn_deg:
        return False
    if mirrored is None:
        return True

    turned_left = (pose.yaw > 0) != mirrored
    return turned_left == (challenge is PoseChallenge.TURN_LEFT)
