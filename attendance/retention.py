"""Retention: evidence photos (selfies, terminal pictures) are deleted when their time is up."""

from __future__ import annotations

import datetime as dt

from attendance.models import EvidencePhoto


async def purge_expired_photos(now: dt.datetime) -> int:
    """Delete every evidence photo whose retention ended before `now`; return how many."""
    return await EvidencePhoto.filter(expires_at__lte=now).delete()
