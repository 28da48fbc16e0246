"""Face quality: size, brightness, sharpness and pose of one face, and the gate that uses them.

Brightness and sharpness are measured on the central part of the aligned 112x112 crop (brow to
chin, cheek to cheek), so they do not depend on the photo's resolution or on the black border
that alignment adds around faces cut by the image edge. Face size is the shorter side of the
detected box, in pixels of the photo scaled to the detection size (640 px long side).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

from config.recognition import RecognitionSettings
from recognition.detector import Detection
from recognition.errors import (
    FaceTooSmall,
    PoseOutOfRange,
    QualityError,
    TooBlurred,
    TooDark,
)
from recognition.pose import Pose, estimate_pose

# Rows and columns of the aligned crop that hold the face itself.
_FACE_ROWS = slice(36, 100)
_FACE_COLUMNS = slice(28, 84)


@dataclass(frozen=True, slots=True)
class Quality:
    """Quality measures of one face."""

    face_px: float
    brightness: float
    sharpness: float
    pose: Pose


def measure_quality(
    detection: Detection,
    aligned: NDArray[np.uint8],
    *,
    image_long_side: int,
    reference_long_side: int,
) -> Quality:
    """Measure a detected face and its aligned crop."""
    grey = cv2.cvtColor(aligned, cv2.COLOR_RGB2GRAY)[_FACE_ROWS, _FACE_COLUMNS]
    laplacian = cv2.Laplacian(grey, cv2.CV_32F)
    scale = min(1.0, reference_long_side / image_long_side)

    return Quality(
        face_px=detection.short_side * scale,
        brightness=float(grey.mean()),
        sharpness=float(laplacian.var()),
        pose=estimate_pose(detection.landmarks),
    )


def quality_problems(quality: Quality, settings: RecognitionSettings) -> list[QualityError]:
    """Return every gate rule the face breaks, most fundamental first."""
    problems: list[QualityError] = []
    if quality.face_px < settings.min_face_px:
        rule = (
            f"Face size must be at least {settings.min_face_px:g} px "
            f"at a {settings.detection_long_side} px long side."
        )
        problems.append(FaceTooSmall("size", quality.face_px, rule))
    if abs(quality.pose.yaw) > settings.max_yaw_deg:
        rule = f"Yaw must be within +/-{settings.max_yaw_deg:g} degrees."
        problems.append(PoseOutOfRange("yaw", quality.pose.yaw, rule))
    elif abs(quality.pose.pitch) > settings.max_pitch_deg:
        rule = f"Pitch must be within +/-{settings.max_pitch_deg:g} degrees."
        problems.append(PoseOutOfRange("pitch", quality.pose.pitch, rule))
    if quality.brightness < settings.min_brightness:
        rule = f"Face brightness must be at least {settings.min_brightness:g} of 255."
        problems.append(TooDark("brightness", quality.brightness, rule))
    if quality.sharpness < settings.min_sharpness:
        rule = f"Face sharpness (Laplacian variance) must be at least {settings.min_sharpness:g}."
        problems.append(TooBlurred("sharpness", quality.sharpness, rule))
    return problems


def check_quality(quality: Quality, settings: RecognitionSettings) -> None:
    """Raise the first quality error the face has, if any."""
    problems = quality_problems(quality, settings)
    if problems:
        raise problems[0]
