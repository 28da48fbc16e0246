"""Face enrollment from the web: upload photos of a person, see each photo's quality verdict.

Each photo is first checked to really be a JPEG, PNG or WebP within the size limit, then passed
through the engine's quality gate (one face, large, bright and sharp enough, facing the camera).
When every photo passes and the engine finds they show one person, the templates replace the
person's earlier ones (sealed by the vault, audited). Photos are never stored.
"""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web

from admin_web import forms
from admin_web.access import Capability, require
from admin_web.keys import ADMIN_SETTINGS_KEY, FACES_KEY
from admin_web.render import flash, page, redirect
from admin_web.uploads import Upload, UploadRefused, image_type, read_files, refuse
from admin_web.views.people import person_of
from attendance.face_templates import TemplateRecord, delete_templates, replace_templates
from attendance.models import FaceTemplate, Person
from recognition.errors import RecognitionError
from recognition.messages import hint_for
from recognition.service import FaceService
from service.web import SETTINGS_KEY, VAULT_KEY

FIELD = "photos"


@dataclass(frozen=True, slots=True)
class PhotoVerdict:
    """What the quality gate said about one uploaded photo."""

    number: int
    filename: str
    ok: bool
    message: str
    face_px: float | None = None
    brightness: float | None = None
    sharpness: float | None = None
    yaw: float | None = None
    pitch: float | None = None


async def judge_photo(faces: FaceService, number: int, upload: Upload) -> PhotoVerdict:
    """Check one photo's type and pass it through the engine's quality gate."""
    try:
        image_type(upload)
    except UploadRefused as err:
        return PhotoVerdict(number, upload.filename, ok=False, message=str(err))
    try:
        sample = await faces.capture(upload.data)
    except RecognitionError as err:
        return PhotoVerdict(number, upload.filename, ok=False, message=hint_for(err))
    quality = sample.quality
    return PhotoVerdict(
        number,
        upload.filename,
        ok=True,
        message="Baik: satu wajah, cukup besar, terang dan tajam.",
        face_px=round(quality.face_px),
        brightness=round(quality.brightness),
        sharpness=round(quality.sharpness),
        yaw=round(quality.pose.yaw),
        pitch=round(quality.pose.pitch),
    )


async def enrollment_form(request: web.Request) -> web.Response:
    """Show the person's enrolled templates and the upload form."""
    me = require(request, Capability.CHANGE_PEOPLE)
    person = await person_of(request, me)
    return await _render(request, person, verdicts=(), problem=None)


async def enrollment_upload(request: web.Request) -> web.Response:
    """Judge the uploaded photos; enroll the person when all pass."""
    me = require(request, Capability.CHANGE_PEOPLE)
    person = await person_of(request, me)
    faces = request.config_dict.get(FACES_KEY)
    if faces is None:
        raise web.HTTPServiceUnavailable(
            text="Layanan pengenalan wajah sedang tidak aktif. Coba lagi nanti."
        )
    settings = request.config_dict[ADMIN_SETTINGS_KEY]
    minimum = request.config_dict[SETTINGS_KEY].recognition.enrollment_min_photos
    form = await request.post()
    try:
        uploads = read_files(
            form.getall(FIELD, []), settings.max_photo_bytes, most=settings.max_photos
        )
    except UploadRefused as err:
        raise refuse(err) from err
    if len(uploads) < minimum:
        raise web.HTTPBadRequest(
            text=f"Unggah minimal {minimum} foto wajah yang berbeda (terkirim {len(uploads)})."
        )

    verdicts = [await judge_photo(faces, n, upload) for n, upload in enumerate(uploads, 1)]
    if not all(verdict.ok for verdict in verdicts):
        problem = "Perbaiki foto yang ditandai lalu unggah ulang semua foto."
        return await _render(request, person, verdicts=verdicts, problem=problem, status=400)
    try:
        templates = await faces.enroll([upload.data for upload in uploads])
    except RecognitionError as err:
        return await _render(request, person, verdicts=verdicts, problem=hint_for(err), status=400)

    records = [
        TemplateRecord(t.engine, t.model_version, t.to_bytes(), {"photo": n, "source": "web"})
        for n, t in enumerate(templates, 1)
    ]
    await replace_templates(person.id, records, request.config_dict[VAULT_KEY], me.actor)
    flash(request, f"Wajah {person.name} terdaftar dengan {len(records)} foto.")
    return await _render(request, person, verdicts=verdicts, problem=None)


async def enrollment_delete(request: web.Request) -> web.Response:
    """Delete the person's face data (on leaving office or on request)."""
    me = require(request, Capability.CHANGE_PEOPLE)
    person = await person_of(request, me)
    form = await request.post()
    reason = forms.text(form, "reason", required=False, max_length=300)
    reason = reason or "dihapus dari web admin"
    deleted = await delete_templates(person.id, me.actor, reason)
    flash(request, f"{deleted} data wajah {person.name} dihapus.")
    redirect(request, "enrollment", person_id=str(person.id))


async def _render(
    request: web.Request,
    person: Person,
    *,
    verdicts: tuple[PhotoVerdict, ...] | list[PhotoVerdict],
    problem: str | None,
    status: int = 200,
) -> web.Response:
    templates = await FaceTemplate.filter(person_id=person.id).order_by("id")
    settings = request.config_dict[ADMIN_SETTINGS_KEY]
    return await page(
        request,
        "enrollment.html",
        {
            "person": person,
            "templates": templates,
            "verdicts": verdicts,
            "problem": problem,
            "engine_on": request.config_dict.get(FACES_KEY) is not None,
            "max_photos": settings.max_photos,
            "max_photo_kb": settings.max_photo_bytes // 1024,
        },
        status=status,
    )


def add_routes(router: web.UrlDispatcher) -> None:
    """Add the enrollment routes."""
    router.add_get("/orang/{person_id:\\d+}/wajah", enrollment_form, name="enrollment")
    router.add_post("/orang/{person_id:\\d+}/wajah", enrollment_upload, name="enrollment_upload")
    router.add_post(
        "/orang/{person_id:\\d+}/wajah/hapus", enrollment_delete, name="enrollment_delete"
    )
