"""The login throttle: failed logins counted per username and address in a moving window.

Built on the ``limits`` package (moving-window strategy, in-process memory storage): only failed
attempts are counted, so a camat who types the password right is never slowed down, while
guessing stops after ``login_attempts`` failures for one username from one address, or
``login_attempts_per_address`` failures from one address for any username. A successful login
clears the username's count. The counts live in the process and start afresh on a restart.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from limits import RateLimitItemPerMinute
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import MovingWindowRateLimiter

from config.admin_web import AdminWebSettings

NAMESPACE = "admin-login"


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether a login may be tried now, and if not, in how many minutes."""

    allowed: bool
    retry_minutes: int = 0


class LoginThrottle:
    """Count failed logins and tell when an address or a username must wait."""

    def __init__(self, settings: AdminWebSettings) -> None:
        window = settings.login_window_minutes
        self._per_user = RateLimitItemPerMinute(settings.login_attempts, window, NAMESPACE)
        self._per_address = RateLimitItemPerMinute(
            settings.login_attempts_per_address, window, NAMESPACE
        )
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    async def check(self, address: str, username: str) -> Verdict:
        """Tell whether a login for `username` from `address` may be tried now."""
        checks = (
            (self._per_user, ("user", address, username.lower())),
            (self._per_address, ("address", address)),
        )
        for item, identifiers in checks:
            if not await self._limiter.test(item, *identifiers):
                stats = await self._limiter.get_window_stats(item, *identifiers)
                minutes = max(1, math.ceil((stats.reset_time - time.time()) / 60))
                return Verdict(allowed=False, retry_minutes=minutes)
        return Verdict(allowed=True)

    async def failed(self, address: str, username: str) -> None:
        """Count one failed login."""
        await self._limiter.hit(self._per_user, "user", address, username.lower())
        await self._limiter.hit(self._per_address, "address", address)

    async def succeeded(self, address: str, username: str) -> None:
        """Forget the failed logins of `username` from `address`."""
        await self._limiter.clear(self._per_user, "user", address, username.lower())
