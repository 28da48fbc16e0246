"""Tests of config.recognition: defaults and the rules between fields."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from config.recognition import RecognitionSettings


def test_defaults_are_the_calibrated_bundled_engine() -> None:
    """Defaults: bundled engine, review below accept, anti-spoof off, two workers."""
    settings = RecognitionSettings()

    assert settings.engine == "yunet_sface"
    assert settings.review_threshold < settings.accept_threshold
    assert settings.antispoof_model_path is None
    assert settings.max_workers == 2


def test_review_threshold_may_not_exceed_accept() -> None:
    """A review threshold above accept is refused, naming both."""
    with pytest.raises(
        ValidationError, match=r"review_threshold is 0\.6, above accept_threshold 0\.5"
    ):
        RecognitionSettings(accept_threshold=0.5, review_threshold=0.6)


def test_insightface_engine_needs_a_pack_folder() -> None:
    """engine = "insightface" without a pack folder is refused."""
    with pytest.raises(ValidationError, match="insightface_pack_dir is not set"):
        RecognitionSettings(engine="insightface")

    assert (
        RecognitionSettings(engine="insightface", insightface_pack_dir=Path("p")).engine
        == "insightface"
    )


def test_enrolment_needs_at_least_three_photos() -> None:
    """Fewer than three enrolment photos cannot be configured."""
    with pytest.raises(ValidationError, match="enrollment_min_photos"):
        RecognitionSettings(enrollment_min_photos=2)


def test_settings_are_frozen_and_closed() -> None:
    """Settings cannot be changed and unknown keys are refused."""
    settings = RecognitionSettings()

    with pytest.raises(ValidationError):
        settings.max_workers = 4
    with pytest.raises(ValidationError, match="extra"):
        RecognitionSettings(unknown_key=1)  # type: ignore[call-arg]
