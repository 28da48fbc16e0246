"""Short Bahasa Indonesia texts for people, one per error code and per reason code.

The bot and the admin web show these; logs keep the English messages and codes. Operator-side
errors (models, templates) get a text that tells the person to wait or to contact the operator,
never the technical cause.
"""

from __future__ import annotations

from types import MappingProxyType

from recognition.errors import EnrollmentPhotoRejected, RecognitionError
from recognition.matcher import Reason

_RETAKE = "lalu kirim ulang foto."

ERROR_HINTS = MappingProxyType(
    {
        "unreadable_image": (
            "Foto tidak dapat dibaca. Kirim foto JPEG, PNG atau WebP langsung dari kamera."
        ),
        "image_too_large": "Ukuran foto terlalu besar. Kirim foto biasa dari kamera ponsel.",
        "image_too_small": "Foto terlalu kecil. Kirim foto dengan resolusi lebih besar.",
        "no_face": (
            "Wajah tidak terdeteksi. Pastikan wajah terlihat jelas dan cahaya cukup, " + _RETAKE
        ),
        "multiple_faces": (
            "Terdeteksi lebih dari satu wajah. Pastikan hanya wajah Anda di foto, " + _RETAKE
        ),
        "face_too_small": "Wajah terlalu kecil. Dekatkan kamera ke wajah, " + _RETAKE,
        "too_dark": "Foto terlalu gelap. Cari tempat yang lebih terang, " + _RETAKE,
        "too_blurred": "Foto buram. Pegang ponsel dengan stabil dan fokuskan kamera, " + _RETAKE,
        "pose_out_of_range": "Wajah tidak menghadap kamera. Hadapkan wajah lurus ke kamera, "
        + _RETAKE,
        "not_enrolled": (
            "Wajah Anda belum terdaftar. Hubungi operator kecamatan untuk pendaftaran."
        ),
        "template_model_mismatch": (
            "Data wajah Anda perlu didaftarkan ulang. Hubungi operator kecamatan."
        ),
        "template_format_error": "Data wajah Anda rusak. Hubungi operator kecamatan.",
        "not_enough_photos": "Pendaftaran wajah memerlukan minimal 3 foto yang berbeda.",
        "duplicate_photo": "Ada foto yang sama. Ambil setiap foto pendaftaran secara terpisah.",
        "enrollment_mismatch": (
            "Foto pendaftaran tampak bukan orang yang sama. Ulangi dengan foto orang yang sama."
        ),
        "model_error": "Layanan pengenalan wajah sedang bermasalah. Coba lagi nanti "
        "atau hubungi operator.",
    }
)

REASON_TEXTS = MappingProxyType(
    {
        Reason.BELOW_ACCEPT_THRESHOLD: (
            "Kemiripan wajah belum cukup; absen akan diperiksa petugas."
        ),
        Reason.BELOW_REVIEW_THRESHOLD: "Wajah tidak cocok dengan data yang terdaftar.",
        Reason.SPOOF_SCORE_LOW: "Foto tampak seperti foto dari layar atau cetakan; "
        "absen akan diperiksa petugas.",
        Reason.POSE_CHALLENGE_FAILED: "Posisi kepala tidak sesuai permintaan; "
        "absen akan diperiksa petugas.",
        Reason.IMAGE_SEEN_BEFORE: "Foto ini sudah pernah dikirim; absen akan diperiksa petugas.",
    }
)

_FALLBACK = "Terjadi kesalahan saat memeriksa foto. Coba lagi nanti."


def hint_for(error: RecognitionError) -> str:
    """Return the Indonesian text for an error, naming the photo for enrolment errors."""
    if isinstance(error, EnrollmentPhotoRejected):
        return f"Foto ke-{error.index + 1}: {hint_for(error.cause)}"

    for kind in type(error).__mro__:
        hint = ERROR_HINTS.get(str(getattr(kind, "code", "")))
        if hint is not None:
            return hint
    return _FALLBACK


def text_for(reason: Reason) -> str:
    """Return the Indonesian text for a decision reason."""
    return REASON_TEXTS[reason]
