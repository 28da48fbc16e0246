"""Face recognition: photo bytes in, faces, templates and verdicts out.

Pure: no chat, storage or HTTP. Typed errors come from :mod:`recognition.errors` (each with a
stable ``code``), Indonesian texts for them from :mod:`recognition.messages`.
"""

from recognition.errors import RecognitionError, TemplateModelMismatch
from recognition.matcher import Decision, Reason
from recognition.messages import hint_for, text_for
from recognition.pose import Pose, PoseChallenge
from recognition.service import FaceService
from recognition.template import Template
from recognition.verifier import FaceSample, FaceVerifier, Inspection, Verification

__all__ = [
    "Decision",
    "FaceSample",
    "FaceService",
    "FaceVerifier",
    "Inspection",
    "Pose",
    "PoseChallenge",
    "Reason",
    "RecognitionError",
    "Template",
    "TemplateModelMismatch",
    "Verification",
    "hint_for",
    "text_for",
]
