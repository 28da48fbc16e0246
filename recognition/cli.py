"""Operator commands: ``sregep face verify|inspect`` and ``sregep models fetch|list``.

The service mounts ``face_app`` and ``models_app``; when its root callback leaves the service
settings (or a RecognitionSettings) in ``ctx.obj``, they are used, otherwise the defaults.
Typed recognition errors end the command with exit code 1 and, with ``--format json``, a JSON
object ``{"error": code, "message": ..., "hint": ...}`` on stdout.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import numpy as np
import typer

from config.recognition import RecognitionSettings
from recognition.catalog import CATALOG
from recognition.errors import RecognitionError
from recognition.fetcher import fetch_model
from recognition.messages import hint_for
from recognition.pose import PoseChallenge
from recognition.verifier import FaceVerifier, Inspection

face_app = typer.Typer(help="Check face photos with the configured engine.", no_args_is_help=True)
models_app = typer.Typer(help="Download optional face models.", no_args_is_help=True)


class OutputFormat(StrEnum):
    """How a command prints its result."""

    TEXT = "text"
    JSON = "json"


FormatOption = Annotated[OutputFormat, typer.Option("--format", help="text or json")]
AntispoofOption = Annotated[
    Path | None,
    typer.Option("--antispoof-models", help="MiniFASNet .onnx file or folder (turns it on)."),
]


@face_app.command("verify")
def verify(
    ctx: typer.Context,
    enrolled: Annotated[
        list[Path],
        typer.Option("--enrolled", help="Enrolment photos (3 or more): --enrolled A B C."),
    ],
    probe: Annotated[Path, typer.Option("--probe", help="The photo to verify.")],
    more_enrolled: Annotated[list[Path] | None, typer.Argument(hidden=True)] = None,
    output: FormatOption = OutputFormat.TEXT,
    challenge: Annotated[
        PoseChallenge | None, typer.Option(help="Pose the person was asked for.")
    ] = None,
    antispoof_models: AntispoofOption = None,
) -> None:
    """Enrol the given photos, then verify the probe against them."""
    # Click options take one value each; the photos after the first one following --enrolled
    # arrive as positional arguments, so both "--enrolled A B C" and "--enrolled A
    # --enrolled B" work.
    photos = [*enrolled, *(more_enrolled or [])]
    verifier = _load(ctx, antispoof_models, output)
    try:
        templates = verifier.enroll([_read(path) for path in photos])
        result = verifier.verify(_read(probe), templates, challenge=challenge)
    except RecognitionError as err:
        _fail(err, output)

    reasons = [str(reason) for reason in result.reasons]
    if output is OutputFormat.JSON:
        payload = {"decision": str(result.decision), "score": round(result.score, 4)}
        typer.echo(json.dumps({**payload, "reasons": reasons}))
    else:
        typer.echo(f"{result.decision} (score {result.score:.4f})")
        typer.echo(f"reasons: {', '.join(reasons) or '-'}")


@face_app.command("inspect")
def inspect(
    ctx: typer.Context,
    image: Annotated[Path, typer.Argument(help="The photo to inspect.")],
    output: FormatOption = OutputFormat.TEXT,
) -> None:
    """List the faces found, their quality measures, pose and broken gate rules."""
    verifier = _load(ctx, None, output)
    try:
        report = verifier.inspect(_read(image))
    except RecognitionError as err:
        _fail(err, output)

    payload = _inspection_payload(report)
    if output is OutputFormat.JSON:
        typer.echo(json.dumps(payload))
        return

    typer.echo(f"{report.format} {report.width}x{report.height}, {len(report.faces)} face(s)")
    for number, face in enumerate(payload["faces"], start=1):
        quality, pose = face["quality"], face["pose"]
        typer.echo(
            f"  face {number}: score {face['score']}, size {quality['face_px']} px, "
            f"brightness {quality['brightness']}, sharpness {quality['sharpness']}, "
            f"yaw {pose['yaw']} pitch {pose['pitch']} roll {pose['roll']}, "
            f"problems: {', '.join(face['problems']) or '-'}"
        )


@models_app.command("fetch")
def fetch(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Catalog name, e.g. buffalo_l or minifasnet_v2.")],
    destination: Annotated[
        Path | None, typer.Option("--dest", help="Folder for models (default: DATA_DIR/models).")
    ] = None,
    from_file: Annotated[
        Path | None,
        typer.Option("--from-file", help="Install a copy brought over by hand, same checks."),
    ] = None,
) -> None:
    """Download one model by URL and keep it only if its sha256 is the pinned one."""
    target = destination or _data_dir(ctx) / "models"
    try:
        path = fetch_model(name, target, source=from_file)
    except RecognitionError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(1) from err

    typer.echo(f"{name}: verified and installed at {path}")
    typer.echo(f"licence: {CATALOG[name].licence}")


@models_app.command("list")
def list_models() -> None:
    """Show the models that can be fetched, with size, licence and pinned sha256."""
    for item in CATALOG.values():
        typer.echo(
            f"{item.name:16} {item.kind:17} {item.size_bytes / 1e6:7.1f} MB  {item.licence}\n"
            f"{'':16} {item.url}\n{'':16} sha256 {item.sha256}"
        )


def _settings(ctx: typer.Context) -> RecognitionSettings:
    """Use the settings the root command left in ``ctx.obj``, else the defaults."""
    for holder in (ctx.obj, ctx.find_root().obj):
        if isinstance(holder, RecognitionSettings):
            return holder
        nested = getattr(holder, "recognition", None)
        if isinstance(nested, RecognitionSettings):
            return nested
    return RecognitionSettings()


def _data_dir(ctx: typer.Context) -> Path:
    """Use the service's data folder from ``ctx.obj``, else ``data``."""
    for holder in (ctx.obj, ctx.find_root().obj):
        data_dir = getattr(holder, "data_dir", None)
        if isinstance(data_dir, Path):
            return data_dir
    return Path("data")


def _load(ctx: typer.Context, antispoof: Path | None, output: OutputFormat) -> FaceVerifier:
    settings = _settings(ctx)
    if antispoof is not None:
        settings = settings.model_copy(update={"antispoof_model_path": antispoof})
    try:
        return FaceVerifier.load(settings)
    except RecognitionError as err:
        _fail(err, output)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as err:
        typer.echo(f"error: cannot read {str(path)!r}: {err.strerror}", err=True)
        raise typer.Exit(2) from err


def _fail(error: RecognitionError, output: OutputFormat) -> NoReturn:
    if output is OutputFormat.JSON:
        typer.echo(
            json.dumps({"error": error.code, "message": str(error), "hint": hint_for(error)})
        )
    else:
        typer.echo(f"error ({error.code}): {error}", err=True)
    raise typer.Exit(1) from error


def _inspection_payload(report: Inspection) -> dict[str, Any]:
    faces = []
    for face in report.faces:
        box = face.detection
        geometry = np.array([box.x, box.y, box.width, box.height], dtype=np.float64)
        landmarks = box.landmarks.astype(np.float64) * report.scale
        faces.append(
            {
                "box": np.round(geometry * report.scale, 1).tolist(),
                "score": round(box.score, 3),
                "landmarks": np.round(landmarks, 1).tolist(),
                "quality": {
                    "face_px": round(face.quality.face_px, 1),
                    "brightness": round(face.quality.brightness, 1),
                    "sharpness": round(face.quality.sharpness, 1),
                },
                "pose": {
                    "yaw": round(face.quality.pose.yaw, 1),
                    "pitch": round(face.quality.pose.pitch, 1),
                    "roll": round(face.quality.pose.roll, 1),
                },
                "problems": list(face.problems),
            }
        )
    return {
        "format": report.format,
        "width": report.width,
        "height": report.height,
        "fingerprint": report.fingerprint,
        "faces": faces,
    }
