"""Tests of recognition.matcher: best similarity, model checks and the decision rule."""

from __future__ import annotations

import numpy as np
import pytest

from recognition.errors import NotEnrolled, TemplateModelMismatch
from recognition.matcher import Decision, Reason, Thresholds, best_similarity, decide
from recognition.template import Template

THRESHOLDS = Thresholds(accept=0.45, review=0.33)


def template(angle_deg: float, model: str = "m1") -> Template:
    """Return a 2-d unit template at an angle, so similarities are cosines of angles."""
    angle = np.radians(angle_deg)
    return Template("engine", model, np.array([np.cos(angle), np.sin(angle)], np.float32))


@pytest.mark.parametrize(
    ("score", "decision", "reasons"),
    [
        (0.90, Decision.ACCEPT, ()),
        (0.45, Decision.ACCEPT, ()),
        (0.4499, Decision.REVIEW, (Reason.BELOW_ACCEPT_THRESHOLD,)),
        (0.33, Decision.REVIEW, (Reason.BELOW_ACCEPT_THRESHOLD,)),
        (0.3299, Decision.REJECT, (Reason.BELOW_REVIEW_THRESHOLD,)),
        (-0.2, Decision.REJECT, (Reason.BELOW_REVIEW_THRESHOLD,)),
    ],
)
def test_decide_splits_scores_at_the_thresholds(
    score: float, decision: Decision, reasons: tuple[Reason, ...]
) -> None:
    """Scores at or above a threshold fall on its upper side."""
    match = decide(score, THRESHOLDS)

    assert (match.decision, match.reasons, match.score) == (decision, reasons, score)


def test_decide_moves_accept_to_review_on_a_signal() -> None:
    """A spoof signal turns a matching face into a review, never into a reject."""
    match = decide(0.9, THRESHOLDS, [Reason.SPOOF_SCORE_LOW, Reason.SPOOF_SCORE_LOW])

    assert match.decision is Decision.REVIEW
    assert match.reasons == (Reason.SPOOF_SCORE_LOW,)


def test_decide_keeps_reject_and_lists_signals() -> None:
    """A non-matching face stays rejected; the signals are still reported."""
    match = decide(0.1, THRESHOLDS, [Reason.IMAGE_SEEN_BEFORE])

    assert match.decision is Decision.REJECT
    assert match.reasons == (Reason.BELOW_REVIEW_THRESHOLD, Reason.IMAGE_SEEN_BEFORE)


def test_best_similarity_takes_the_closest_template() -> None:
    """The score is the highest cosine over all templates."""
    score = best_similarity(template(0), [template(80), template(30), template(60)])

    assert score == pytest.approx(np.cos(np.radians(30)))


def test_best_similarity_refuses_other_model_versions() -> None:
    """One template of another model version is enough to refuse the comparison."""
    with pytest.raises(TemplateModelMismatch) as caught:
        best_similarity(template(0), [template(10), template(20, model="m0")])

    assert (caught.value.expected, caught.value.found) == ("engine/m1", "engine/m0")


def test_best_similarity_needs_templates() -> None:
    """No templates means not enrolled."""
    with pytest.raises(NotEnrolled):
        best_similarity(template(0), [])


def test_reason_codes_are_stable_snake_case() -> None:
    """Reason values are the documented codes."""
    assert [reason.value for reason in Reason] == [
        "below_accept_threshold",
        "below_review_threshold",
        "spoof_score_low",
        "pose_challenge_failed",
        "image_seen_before",
    ]
