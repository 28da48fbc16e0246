"""Matching: a probe against a person's templates, and the accept / review / reject decision.

The score is the highest cosine similarity between the probe and any of the person's templates
(at least three from enrolment). Two calibrated thresholds split it: at or above
``accept_threshold`` the face matches, below ``review_threshold`` it does not, and in between a
person looks. Anti-spoof, pose-challenge and repeat-photo signals can only move an accept to
review, never decide alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from recognition.errors import NotEnrolled, TemplateModelMismatch
from recognition.template import Template


class Decision(StrEnum):
    """Outcome of a verification."""

    ACCEPT = "accept"
    REVIEW = "review"
    REJECT = "reject"


class Reason(StrEnum):
    """Stable codes explaining a decision; the bot maps them to Indonesian text."""

    BELOW_ACCEPT_THRESHOLD = "below_accept_threshold"
    BELOW_REVIEW_THRESHOLD = "below_review_threshold"
    SPOOF_SCORE_LOW = "spoof_score_low"
    POSE_CHALLENGE_FAILED = "pose_challenge_failed"
    IMAGE_SEEN_BEFORE = "image_seen_before"


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Cosine similarity thresholds of one engine and model version."""

    accept: float
    review: float


@dataclass(frozen=True, slots=True)
class Match:
    """The decision on a probe, with its score and the reasons behind it."""

    decision: Decision
    score: float
    reasons: tuple[Reason, ...]


def require_model(templates: Iterable[Template], model_key: str) -> None:
    """Raise unless every template was made by the engine and model ``model_key`` names."""
    for template in templates:
        if template.model_key != model_key:
            raise TemplateModelMismatch(expected=model_key, found=template.model_key)


def best_similarity(probe: Template, templates: Sequence[Template]) -> float:
    """Return the highest similarity of the probe to any template of the same model."""
    if not templates:
        raise NotEnrolled
    require_model(templates, probe.model_key)

    return max(probe.similarity(template) for template in templates)


def decide(score: float, thresholds: Thresholds, signals: Iterable[Reason] = ()) -> Match:
    """Turn a score and any spoof signals into a decision with reasons."""
    reasons = tuple(dict.fromkeys(signals))
    if score < thresholds.review:
        return Match(Decision.REJECT, score, (Reason.BELOW_REVIEW_THRESHOLD, *reasons))
    if score < thresholds.accept:
        return Match(Decision.REVIEW, score, (Reason.BELOW_ACCEPT_THRESHOLD, *reasons))
    if reasons:
        return Match(Decision.REVIEW, score, reasons)
    return Match(Decision.ACCEPT, score, ())
