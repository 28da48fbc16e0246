"""Benchmark of the face engine: latency per stage, throughput, peak memory and accuracy.

Run by hand on the target machine (nothing here runs in the test suite):

    .venv/bin/python benchmarks/recognition_bench.py                  # every section
    .venv/bin/python benchmarks/recognition_bench.py --section accuracy
    .venv/bin/python benchmarks/recognition_bench.py --section latency --session-threads 2

Sections: ``latency`` (p50/p95 per stage for 640x480 and 1280x960 JPEG selfies, decode to
decision), ``runtimes`` (onnxruntime against OpenCV for each model), ``throughput``
(verifications per second with N workers through FaceService), ``rss`` (peak resident memory
of a fresh process with the models loaded, after verifying), and ``accuracy`` (the shared bench
set: missed faces, gate outcomes, FAR/FRR at the configured thresholds, TAR at FAR 1 % and
0.1 %, EER, the extreme pair scores, anti-spoof scores). ``--set KEY=VALUE`` overrides a
setting, ``--json FILE`` keeps the figures.
The selfie used for speed is scikit-image's ``astronaut`` photo, cropped to 4:3 and resized.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import json
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from config.recognition import RecognitionSettings  # noqa: E402
from recognition.aligner import align_face  # noqa: E402
from recognition.detector import YuNetDetector  # noqa: E402
from recognition.errors import RecognitionError  # noqa: E402
from recognition.fingerprint import fingerprint_image, is_repeat  # noqa: E402
from recognition.matcher import Thresholds, best_similarity, decide  # noqa: E402
from recognition.quality import check_quality  # noqa: E402
from recognition.service import FaceService  # noqa: E402
from recognition.template import Template  # noqa: E402
from recognition.verifier import FaceVerifier  # noqa: E402

SHARED = REPO.parent / "shared"
SIZES = ((640, 480), (1280, 960))


def main() -> None:
    """Parse arguments and run the chosen sections."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--section",
        choices=["all", "latency", "throughput", "rss", "accuracy", "runtimes", "rss-child"],
        default="all",
    )
    parser.add_argument("--runs", type=int, default=200, help="timed runs per latency case")
    parser.add_argument("--seconds", type=float, default=20.0, help="throughput duration")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--session-threads", type=int, default=None)
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--no-antispoof", action="store_true", help="leave MiniFASNet off")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override a RecognitionSettings field, e.g. --set detection_padding=0",
    )
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument("--probe", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    settings = _settings(args)
    if args.section == "rss-child":
        _rss_child(settings, args.probe, args.workers)
        return

    results: dict[str, Any] = {"settings": _describe(settings)}
    print(f"# Recognition benchmark\n\nsettings: {results['settings']}\n")
    verifier = None
    if args.section in ("all", "latency", "throughput", "accuracy"):
        started = time.perf_counter()
        verifier = FaceVerifier.load(settings)
        results["load_seconds"] = round(time.perf_counter() - started, 2)
        print(f"models loaded in {results['load_seconds']} s\n")

    if args.section in ("all", "latency"):
        assert verifier is not None
        results["latency"] = _latency(verifier, args.runs)
    if args.section in ("all", "throughput"):
        assert verifier is not None
        results["throughput"] = asyncio.run(_throughput(verifier, args.workers, args.seconds))
    if args.section in ("all", "rss"):
        results["rss"] = _rss(args)
    if args.section in ("all", "accuracy"):
        assert verifier is not None
        results["accuracy"] = _accuracy(verifier, args.shared)
    if args.section in ("all", "runtimes"):
        results["runtimes"] = _runtimes(settings, args.runs)

    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


def _settings(args: argparse.Namespace) -> RecognitionSettings:
    overrides: dict[str, Any] = {"max_workers": args.workers}
    if args.session_threads is not None:
        overrides["session_threads"] = args.session_threads
    models = args.shared / "models"
    if not args.no_antispoof and any(models.glob("*MiniFASNet*.onnx")):
        overrides["antispoof_model_path"] = models
    for item in args.set:
        key, _, value = item.partition("=")
        overrides[key] = value
    return RecognitionSettings(**overrides)


def _describe(settings: RecognitionSettings) -> dict[str, Any]:
    keys = (
        "engine",
        "accept_threshold",
        "review_threshold",
        "detection_padding",
        "session_threads",
        "max_workers",
        "antispoof_model_path",
    )
    return {key: str(getattr(settings, key)) for key in keys}


def _selfie(size: tuple[int, int], quality: int = 90, flip: bool = False) -> bytes:
    """Return scikit-image's astronaut cropped to 4:3 and resized, as JPEG bytes."""
    from skimage import data

    photo = data.astronaut()[32:416, :]  # type: ignore[no-untyped-call]
    if flip:
        photo = np.ascontiguousarray(photo[:, ::-1])
    resized = cv2.resize(photo, size, interpolation=cv2.INTER_AREA)
    buffer = io.BytesIO()
    Image.fromarray(resized).save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def _templates(verifier: FaceVerifier) -> list[Template]:
    """Enrol three variants of the selfie, as an operator would enrol three photos."""
    photos = [_selfie((800, 600)), _selfie((720, 540), flip=True), _selfie((960, 720), 80)]
    return [verifier.capture(photo).template for photo in photos]


def _load() -> str:
    """Return the 1-minute load average: other processes' share of the 2 cores."""
    return Path("/proc/loadavg").read_text().split()[0]


def _percentiles(samples: list[float]) -> dict[str, float]:
    values = np.asarray(samples) * 1000
    return {
        "p50": round(float(np.percentile(values, 50)), 2),
        "p95": round(float(np.percentile(values, 95)), 2),
    }


class _Stopwatch:
    """Collect wall-clock and CPU durations per stage name.

    The CPU time (of the calling thread; inference runs in it with one session thread) does
    not grow when other processes compete for the cores, so it shows what a stage costs on an
    idle machine when the wall-clock figures are inflated by a shared one.
    """

    def __init__(self) -> None:
        self.samples: dict[str, list[float]] = {}
        self.cpu: dict[str, list[float]] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started, cpu_started = time.perf_counter(), time.thread_time()
        yield
        self.samples.setdefault(name, []).append(time.perf_counter() - started)
        self.cpu.setdefault(name, []).append(time.thread_time() - cpu_started)


def _time_stages(
    verifier: FaceVerifier, photo: bytes, templates: list[Template], watch: _Stopwatch
) -> None:
    """Run one verification stage by stage, as FaceVerifier.verify does, then as one call."""
    settings = verifier.settings
    thresholds = Thresholds(settings.accept_threshold, settings.review_threshold)
    with watch.stage("decode"):
        image = verifier.decode(photo)
    with watch.stage("detect"):
        face = verifier.engine.detect(image.pixels)[0]
    with watch.stage("align"):
        aligned = align_face(image.pixels, face.landmarks)
    with watch.stage("quality"):
        check_quality(verifier._measure(image, face, aligned), settings)
    with watch.stage("embed"):
        vector = verifier.engine.embed(aligned)
    with watch.stage("fingerprint"):
        fingerprint = fingerprint_image(image.pixels)
    if verifier.spoof_detector is not None:
        with watch.stage("antispoof"):
            verifier.spoof_detector.score(image.pixels, face)
    with watch.stage("compare"):
        probe = Template(verifier.engine.name, verifier.engine.model_version, vector)
        is_repeat(fingerprint, (), settings.fingerprint_max_distance)
        decide(best_similarity(probe, templates), thresholds)
    with watch.stage("total (verify)"):
        verifier.verify(photo, templates)


def _latency(verifier: FaceVerifier, runs: int) -> dict[str, Any]:
    """Time each stage of one verification, then the whole call, per image size."""
    templates = _templates(verifier)
    results: dict[str, Any] = {}
    print(f"## Latency (ms, single request; load average {_load()})\n")
    print("| image | stage | p50 | p95 | CPU p50 |\n|---|---|---|---|---|")
    for size in SIZES:
        photo = _selfie(size)
        for _ in range(10):
            _time_stages(verifier, photo, templates, _Stopwatch())
        watch = _Stopwatch()
        for _ in range(runs):
            _time_stages(verifier, photo, templates, watch)

        label = f"{size[0]}x{size[1]} JPEG ({len(photo) // 1024} KiB)"
        results[label] = {
            stage: {**_percentiles(values), "cpu_p50": _percentiles(watch.cpu[stage])["p50"]}
            for stage, values in watch.samples.items()
        }
        for stage, figures in results[label].items():
            print(
                f"| {label} | {stage} | {figures['p50']} | {figures['p95']} "
                f"| {figures['cpu_p50']} |"
            )
    print()
    return results


async def _throughput(verifier: FaceVerifier, workers: int, seconds: float) -> dict[str, Any]:
    """Count verifications per second with ``workers`` concurrent requests through FaceService."""
    photo = _selfie((1280, 960))
    templates = _templates(verifier)
    service = FaceService(verifier, max_workers=workers)
    done = 0
    deadline = time.perf_counter() + seconds

    async def client() -> None:
        nonlocal done
        while time.perf_counter() < deadline:
            await service.verify(photo, templates)
            done += 1

    started = time.perf_counter()
    async with service:
        await asyncio.gather(*(client() for _ in range(workers * 2)))
    elapsed = time.perf_counter() - started

    rate = round(done / elapsed, 1)
    print(f"## Throughput (load average {_load()})\n")
    print(
        f"{done} verifications of a 1280x960 JPEG in {elapsed:.1f} s with {workers} workers: "
        f"{rate} verifications/s\n"
    )
    return {
        "workers": workers,
        "verifications": done,
        "seconds": round(elapsed, 1),
        "per_second": rate,
    }


def _rss(args: argparse.Namespace) -> dict[str, Any]:
    """Measure peak RSS in a fresh process that loads the models and verifies 100 times."""
    with tempfile.NamedTemporaryFile(suffix=".jpg", delete=False) as handle:
        handle.write(_selfie((1280, 960)))
        probe = Path(handle.name)
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--section",
        "rss-child",
        "--probe",
        str(probe),
        "--workers",
        str(args.workers),
        "--shared",
        str(args.shared),
    ]
    if args.no_antispoof:
        command.append("--no-antispoof")
    if args.session_threads is not None:
        command += ["--session-threads", str(args.session_threads)]
    for item in args.set:
        command += ["--set", item]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    probe.unlink()

    figures: dict[str, Any] = json.loads(output)
    print("## Peak memory\n")
    print(
        f"peak RSS {figures['after_load_mib']} MiB after loading, "
        f"{figures['peak_mib']} MiB after {figures['verifications']} verifications "
        f"(resident then: {figures['current_mib']} MiB)\n"
    )
    return figures


def _rss_child(settings: RecognitionSettings, probe: Path, workers: int) -> None:
    """Load, verify 100 times in ``workers`` threads, print peak RSS (MiB) as JSON."""
    verifier = FaceVerifier.load(settings)
    after_load = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    photo = probe.read_bytes()
    templates = [verifier.capture(photo).template]

    def work() -> None:
        for _ in range(100 // workers):
            verifier.verify(photo, templates)

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    status = Path("/proc/self/status").read_text()
    current = next(
        int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS")
    )
    print(
        json.dumps(
            {
                "after_load_mib": round(after_load, 1),
                "peak_mib": round(peak, 1),
                "current_mib": round(current / 1024, 1),
                "verifications": 100 // workers * workers,
            }
        )
    )


def _runtimes(settings: RecognitionSettings, runs: int) -> dict[str, Any]:
    """Compare onnxruntime (repaired graphs) with OpenCV's FaceDetectorYN / FaceRecognizerSF."""
    from recognition.model_files import SFACE, YUNET, bundled_path
    from recognition.yunet_sface import YuNetSFaceEngine

    engine = YuNetSFaceEngine.load(settings)
    photo = np.ascontiguousarray(_decoded(_selfie((640, 480))))
    bgr = np.ascontiguousarray(photo[:, :, ::-1])
    face = engine.detect(photo)[0]
    aligned = align_face(photo, face.landmarks)
    aligned_bgr = np.ascontiguousarray(aligned[:, :, ::-1])
    plain = YuNetDetector(
        engine.detector._session,
        long_side=640,
        padding=0.0,
        min_score=settings.detection_min_score,
    )
    cv2.setNumThreads(settings.session_threads)
    opencv_detector = cv2.FaceDetectorYN.create(str(bundled_path(YUNET)), "", (640, 480), 0.6, 0.3)
    opencv_recogniser = cv2.FaceRecognizerSF.create(str(bundled_path(SFACE)), "")

    cases: dict[str, Callable[[], object]] = {
        "YuNet 640x480, onnxruntime": lambda: plain.detect(photo),
        "YuNet 640x480, OpenCV FaceDetectorYN": lambda: opencv_detector.detect(bgr),
        "SFace, onnxruntime (repaired)": lambda: engine.embed(aligned),
        "SFace, OpenCV FaceRecognizerSF": lambda: opencv_recogniser.feature(aligned_bgr),
    }
    results = {}
    print(f"## Runtimes ({settings.session_threads} thread(s), ms; load average {_load()})\n")
    print("| model and runtime | p50 | p95 | CPU p50 |\n|---|---|---|---|")
    for label, call in cases.items():
        for _ in range(10):
            call()
        watch = _Stopwatch()
        for _ in range(runs):
            with watch.stage(label):
                call()
        results[label] = {
            **_percentiles(watch.samples[label]),
            "cpu_p50": _percentiles(watch.cpu[label])["p50"],
        }
        figures = results[label]
        print(f"| {label} | {figures['p50']} | {figures['p95']} | {figures['cpu_p50']} |")
    print()
    return results


def _decoded(photo: bytes) -> NDArray[np.uint8]:
    return np.asarray(Image.open(io.BytesIO(photo)).convert("RGB"), dtype=np.uint8)


def _accuracy(verifier: FaceVerifier, shared: Path) -> dict[str, Any]:
    """Score every pair of the shared bench set and report error rates and thresholds."""
    manifest = shared / "faces" / "manifest.csv"
    if not manifest.is_file():
        print(f"## Accuracy\n\nskipped: {manifest} not found\n")
        return {"skipped": str(manifest)}
    with manifest.open(newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["use"] == "bench"]

    vectors, identities, missed, gate = [], [], [], Counter[str]()
    spoof_scores: dict[str, list[float]] = {}
    for row in rows:
        photo = (shared / "faces" / row["file"]).read_bytes()
        try:
            verifier.capture(photo)
            gate["pass"] += 1
        except RecognitionError as err:
            gate[err.code] += 1
        try:
            sample = verifier.capture(photo, gate=False)
        except RecognitionError as err:
            missed.append(f"{row['file']} ({err.code})")
            continue
        vectors.append(sample.template.vector)
        identities.append(row["identity"])
        if verifier.spoof_detector is not None:
            folder = row["file"].split("/")[0]
            score = verifier.spoof_detector.score(sample.image.pixels, sample.detection)
            spoof_scores.setdefault(folder, []).append(score)

    genuine, impostor = _pairs(np.asarray(vectors), np.asarray(identities))
    settings = verifier.settings
    report: dict[str, Any] = {
        "images": len(rows),
        "missed_faces": missed,
        "gate": dict(gate),
        "genuine_pairs": int(genuine.size),
        "impostor_pairs": int(impostor.size),
        "at_accept": _rates(genuine, impostor, settings.accept_threshold),
        "at_review": _rates(genuine, impostor, settings.review_threshold),
        "tar_at_far_1pct": _tar_at_far(genuine, impostor, 0.01),
        "tar_at_far_0_1pct": _tar_at_far(genuine, impostor, 0.001),
        "eer": _eer(genuine, impostor),
        "lowest_genuine": [round(float(x), 3) for x in np.sort(genuine)[:5]],
        "highest_impostor": [round(float(x), 3) for x in np.sort(impostor)[::-1][:5]],
    }
    if spoof_scores:
        minimum = settings.antispoof_min_score
        report["antispoof_live_share"] = {
            folder: f"{np.mean(np.asarray(scores) >= minimum):.0%} of {len(scores)}"
            for folder, scores in spoof_scores.items()
        }
        report["antispoof_samples"] = _spoof_samples(verifier, shared)

    print("## Accuracy (shared bench set, use=bench)\n")
    for key, value in report.items():
        print(f"- {key}: {value}")
    print()
    return report


def _pairs(
    vectors: NDArray[np.float32], identities: NDArray[np.str_]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    scores = vectors @ vectors.T
    upper = np.triu_indices(len(identities), 1)
    same = identities[upper[0]] == identities[upper[1]]
    pair_scores = scores[upper].astype(np.float64)
    return pair_scores[same], pair_scores[~same]


def _rates(
    genuine: NDArray[np.float64], impostor: NDArray[np.float64], threshold: float
) -> dict[str, Any]:
    false_accepts = int((impostor >= threshold).sum())
    false_rejects = int((genuine < threshold).sum())
    return {
        "threshold": threshold,
        "FAR": f"{false_accepts / impostor.size:.3%} ({false_accepts}/{impostor.size})",
        "FRR": f"{false_rejects / genuine.size:.2%} ({false_rejects}/{genuine.size})",
    }


def _tar_at_far(
    genuine: NDArray[np.float64], impostor: NDArray[np.float64], far: float
) -> dict[str, Any]:
    """Lowest threshold whose FAR is at most ``far``, and the TAR there."""
    allowed = int(np.floor(far * impostor.size))
    ranked = np.sort(impostor)[::-1]
    threshold = float(np.nextafter(ranked[allowed], 1.0)) if allowed < ranked.size else -1.0
    return {"threshold": round(threshold, 4), "TAR": f"{np.mean(genuine >= threshold):.2%}"}


def _eer(genuine: NDArray[np.float64], impostor: NDArray[np.float64]) -> dict[str, Any]:
    candidates = np.unique(np.concatenate([genuine, impostor]))
    far = np.array([np.mean(impostor >= t) for t in candidates])
    frr = np.array([np.mean(genuine < t) for t in candidates])
    best = int(np.argmin(np.abs(far - frr)))
    return {
        "threshold": round(float(candidates[best]), 4),
        "EER": f"{(far[best] + frr[best]) / 2:.2%}",
    }


def _spoof_samples(verifier: FaceVerifier, shared: Path) -> dict[str, float]:
    assert verifier.spoof_detector is not None
    scores = {}
    for path in sorted((shared / "faces" / "spoof").glob("*.jpg")):
        sample = verifier.capture(path.read_bytes(), gate=False)
        scores[path.name] = round(
            verifier.spoof_detector.score(sample.image.pixels, sample.detection), 3
        )
    return scores


if __name__ == "__main__":
    main()
