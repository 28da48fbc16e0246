"""The recognition section of the settings: engine, decision thresholds, limits and workers.

The thresholds are cosine similarities of L2-normalised embeddings and belong to one engine and
model version; they were calibrated for the bundled YuNet + SFace engine on the shared bench set
(see docs/recognition.md). A site that switches to the insightface engine must recalibrate them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator


class RecognitionSettings(BaseModel):
    """Face engine settings: which engine, how strict, how much input and work to accept."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    engine: Literal["yunet_sface", "insightface"] = "yunet_sface"
    insightface_pack_dir: Path | None = None

    accept_threshold: float = Field(default=0.45, gt=-1.0, le=1.0)
    review_threshold: float = Field(default=0.33, gt=-1.0, le=1.0)
    enrollment_min_photos: int = Field(default=3, ge=3, le=20)
    enrollment_pair_threshold: float = Field(default=0.33, gt=-1.0, le=1.0)

    max_image_bytes: int = Field(default=15 * 1024 * 1024, ge=1024)
    max_image_pixels: int = Field(default=40_000_000, ge=10_000)
    detection_long_side: int = Field(default=640, ge=160, le=2048)
    detection_padding: float = Field(default=0.1, ge=0.0, le=0.5)
    detection_min_score: float = Field(default=0.6, gt=0.0, lt=1.0)
    multiple_face_ratio: float = Field(default=0.6, gt=0.0, le=1.0)

    min_face_px: float = Field(default=48.0, ge=16.0)
    min_brightness: float = Field(default=40.0, ge=0.0, le=255.0)
    min_sharpness: float = Field(default=60.0, ge=0.0)
    max_yaw_deg: float = Field(default=40.0, gt=0.0, le=90.0)
    max_pitch_deg: float = Field(default=35.0, gt=0.0, le=90.0)
    challenge_turn_deg: float = Field(default=15.0, gt=0.0, le=60.0)
    challenge_frontal_deg: float = Field(default=12.0, gt=0.0, le=45.0)

    max_workers: int = Field(default=2, ge=1, le=64)
    session_threads: int = Field(default=1, ge=1, le=64)

    antispoof_model_path: Path | None = None
    antispoof_min_score: float = Field(default=0.5, ge=0.0, le=1.0)
    fingerprint_max_distance: int = Field(default=6, ge=0, le=32)

    @model_validator(mode="after")
    def _check_thresholds(self) -> Self:
        if self.review_threshold > self.accept_threshold:
            msg = (
                f"recognition.review_threshold is {self.review_threshold}, above "
                f"accept_threshold {self.accept_threshold}. It must not exceed it."
            )
            raise ValueError(msg)
        if self.engine == "insightface" and self.insightface_pack_dir is None:
            msg = "recognition.engine is 'insightface' but insightface_pack_dir is not set."
            raise ValueError(msg)
        return self
