"""Benchmark zone decisions and trust scores per second on real Kragan places.

Run from the project root: ``.venv/bin/python benchmarks/geofence_bench.py`` (add ``--n 20000``
for longer runs). Points are drawn around each zone up to 3 km away, with accuracies of 0–150 m,
from a fixed seed. Each case runs `--repeat` times; the median rate is reported.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import random
import statistics
import time
from collections.abc import Callable, Sequence

from pyproj import Geod

from attendance.enums import ZoneKind
from config.geofence import GeofenceSettings
from geofence import (
    CircleZone,
    Coordinate,
    LocationFix,
    PreviousFix,
    TrustContext,
    assess_trust,
    decide_zone,
    decide_zones,
    read_boundaries,
)
from geofence.boundary import bundled_boundaries_path

KRAGAN = Coordinate(lat=-6.698888, lng=111.615907)
NOW = dt.datetime(2026, 3, 2, 0, 5, tzinfo=dt.UTC)


def sample_points(centre: Coordinate, count: int, seed: int) -> list[tuple[Coordinate, float]]:
    """Return `count` (point, accuracy) pairs up to 3 km around `centre`."""
    rng = random.Random(seed)
    geod = Geod(ellps="WGS84")
    samples = []
    for _ in range(count):
        lng, lat, _ = geod.fwd(centre.lng, centre.lat, rng.uniform(0, 360), rng.uniform(0, 3000))
        samples.append((Coordinate(lat=lat, lng=lng), rng.uniform(0, 150)))
    return samples


def rate(work: Callable[[], int], repeat: int) -> float:
    """Return the median operations per second of `work` over `repeat` runs."""
    rates = []
    for _ in range(repeat):
        start = time.perf_counter()
        count = work()
        rates.append(count / (time.perf_counter() - start))
    return statistics.median(rates)


def main(argv: Sequence[str] | None = None) -> None:
    """Run every case and print one line each."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=5000, help="decisions per run")
    parser.add_argument("--repeat", type=int, default=5, help="runs per case")
    args = parser.parse_args(argv)

    settings = GeofenceSettings()
    boundaries = read_boundaries(bundled_boundaries_path())
    kragan_desa = boundaries.find("33.17.12.2012")
    assert kragan_desa is not None
    office = CircleZone(kind=ZoneKind.OFFICE, centre=KRAGAN, radius_m=75, zone_id=1)
    samples = sample_points(KRAGAN, args.n, seed=17)
    zones = (office, kragan_desa.zone)

    def circle() -> int:
        for point, accuracy in samples:
            decide_zone(office, point, accuracy_m=accuracy, settings=settings)
        return len(samples)

    def polygon() -> int:
        for point, accuracy in samples:
            decide_zone(kragan_desa.zone, point, accuracy_m=accuracy, settings=settings)
        return len(samples)

    def both() -> int:
        for point, accuracy in samples:
            decide_zones(zones, point, accuracy_m=accuracy, settings=settings)
        return len(samples)

    context = TrustContext(
        previous_fix=PreviousFix(point=KRAGAN, at=NOW - dt.timedelta(hours=20)),
        earlier_points=frozenset(point for point, _ in samples[:200]),
        other_people_points=frozenset(point for point, _ in samples[200:400]),
        office_points=(KRAGAN,),
    )
    fixes = [
        LocationFix(
            point=point,
            message_at=NOW - dt.timedelta(seconds=90),
            received_at=NOW,
            horizontal_accuracy_m=accuracy,
            live_period_s=900,
            live_updates=2,
            first_update_at=NOW - dt.timedelta(seconds=50),
            last_update_at=NOW - dt.timedelta(seconds=10),
        )
        for point, accuracy in samples
    ]

    def trust() -> int:
        for fix in fixes:
            assess_trust(fix, context, settings=settings)
        return len(fixes)

    def load_boundaries() -> int:
        read_boundaries(bundled_boundaries_path())
        return 1

    print(f"Python {platform.python_version()} on {platform.machine()}, {args.n} points, "
          f"median of {args.repeat} runs")  # fmt: skip
    cases = [
        ("circle decision (geodesic, 75 m office)", circle),
        ("polygon decision (Kragan desa, 50 vertices)", polygon),
        ("decide_zones over circle + polygon", both),
        ("trust score (history of 400 points)", trust),
        ("boundary file parsed (27 features, 21 usable)", load_boundaries),
    ]
    for label, work in cases:
        per_second = rate(work, args.repeat)
        print(f"  {label:<46} {per_second:>10,.0f} per s")


if __name__ == "__main__":
    main()
