"""Retention: stored selfies are deleted once their retention period is over."""

from __future__ import annotations

import datetime as dt

from attendance.models import StoredSelfie


async def purge_expired_selfies(now: dt.datetime) -> int:
    """Delete every stored selfie whose retention ended before `now`; return how many."""
    return await StoredSelfie.filter(expires_at__lte=now).delete()
