"""Limits on guessing passwords that a stranger cannot turn into a lock-out.

Counting wrong passwords per email alone would let anyone shut a person out of their own
account by failing ten times with their email. So failures are counted three ways, in the
rate limiter's storage (Redis when configured, so every worker and server sees the same):

- per address: the 11th wrong password from one address in 15 minutes waits (429);
- per (email, address): the 11th for one email from one address waits;
- per email, from every address: after 5, each further try waits a delay that doubles
  with each failure, up to a minute. The delay holds only for addresses that have failed
  for that email: the right password from an address with no failures always gets in, so
  an attacker elsewhere can slow their own guesses, never the owner's sign-in.

Emails are hashed (keyed with the app's secret) before they become keys: no email sits in
Redis in clear.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import time
from dataclasses import dataclass

from flask import current_app
from limits import RateLimitItemPerMinute

from .errors import api_abort
from .extensions import limiter

WINDOW_MINUTES = 15
PER_ADDRESS = RateLimitItemPerMinute(10, WINDOW_MINUTES)
PER_EMAIL_AND_ADDRESS = RateLimitItemPerMinute(10, WINDOW_MINUTES)
# Failures for one email (from anywhere) before each try has to wait, and the longest wait:
# SIGN_IN_FREE_FAILURES and SIGN_IN_MAX_DELAY in the configuration (5 and 60 seconds).

SLOWED = ("For safety, sign-ins with this email are slowed down for a little while. "
          "Please try again in {seconds} seconds.")
TOO_MANY = "Too many tries for now. Please wait a little and try again."


@dataclass(frozen=True)
class Attempt:
    """A password tried for `email` (any text) from `address`."""

    scope: str  # which password check: sign-in, or a signed-in confirmation
    email: str
    address: str

    @property
    def email_key(self) -> str:
        secret = current_app.config["SECRET_KEY"].encode()
        digest = hmac.new(secret, self.email.strip().lower().encode("utf-8", "replace"),
                          hashlib.sha256)
        return digest.hexdigest()[:32]

    def _keys(self) -> tuple[tuple[str, ...], tuple[str, ...], str, str]:
        prefix = current_app.config["RATELIMIT_KEY_PREFIX"]
        email = self.email_key
        return (
            (prefix, self.scope, "failed-address", self.address),
            (prefix, self.scope, "failed-email-address", email, self.address),
            f"{prefix}/{self.scope}/failed-email/{email}",
            f"{prefix}/{self.scope}/email-wait/{email}",
        )

    @staticmethod
    def counting() -> bool:
        """RATELIMIT_ENABLED off (some tests) turns these limits off with Flask-Limiter's."""
        return current_app.config.get("RATELIMIT_ENABLED", True) is not False

    def check(self) -> None:
        """Refuse (429, with Retry-After) an attempt that must wait; else return."""
        if not self.counting():
            return
        address, pair, _, wait = self._keys()
        strategy = limiter.limiter
        for item, key in ((PER_ADDRESS, address), (PER_EMAIL_AND_ADDRESS, pair)):
            if not strategy.test(item, *key):
                reset = strategy.get_window_stats(item, *key).reset_time
                _wait(reset - time.time(), TOO_MANY)
        failed_here = strategy.get_window_stats(PER_EMAIL_AND_ADDRESS, *pair).remaining < (
            PER_EMAIL_AND_ADDRESS.amount)
        storage = limiter.storage
        if failed_here and storage.get(wait) > 0:
            seconds = storage.get_expiry(wait) - time.time()
            _wait(seconds, SLOWED.format(seconds=max(1, math.ceil(seconds))))

    def failed(self) -> None:
        """Count a wrong password; from a few failures on, the email's next try waits."""
        if not self.counting():
            return
        address, pair, failures, wait = self._keys()
        strategy = limiter.limiter
        strategy.hit(PER_ADDRESS, *address)
        strategy.hit(PER_EMAIL_AND_ADDRESS, *pair)
        storage = limiter.storage
        count = storage.incr(failures, WINDOW_MINUTES * 60)
        free = current_app.config["SIGN_IN_FREE_FAILURES"]
        if count > free:
            delay = min(2 ** min(count - free - 1, 30), current_app.config["SIGN_IN_MAX_DELAY"])
            storage.clear(wait)
            storage.incr(wait, delay)

    def succeeded(self) -> None:
        """The right password: this address's failures for this email are forgiven."""
        if not self.counting():
            return
        _, pair, _, _ = self._keys()
        limiter.limiter.clear(PER_EMAIL_AND_ADDRESS, *pair)


def _wait(seconds: float, message: str) -> None:
    retry = str(max(1, math.ceil(seconds)))
    api_abort(429, "rate_limited", message, headers={"Retry-After": retry})
