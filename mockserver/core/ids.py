"""Every generated id comes from here: random by default, reproducible with a seed.

Seeded fixture rows never use this generator (their ids derive from the POD number), so seeding
is byte-identical whatever the seed; the seed governs what is created at run time.
"""

from __future__ import annotations

import os
import random
import secrets
import string
import uuid

_ALNUM = string.ascii_letters + string.digits
# A stable namespace for ids derived from fixture data (org of POD N, its users, ...).
FIXTURE_NS = uuid.UUID("7c1b6a52-2f3e-4b8e-9a43-5e0c1d2b3a40")


class Ids:
    """Entity ids come from one stream, restarted by a full reset (so with a seed a test sees the
    same ids whatever ran before it). Secrets (tokens, codes, session keys) are always random, seed
    or not: issued tokens outlive resets and restarts of a file database, and must never repeat."""

    def __init__(self, seed: int | None = None) -> None:
        self.seed: int | None = None
        self._rng: random.Random | None = None
        self.configure(seed)

    def configure(self, seed: int | None) -> None:
        self.seed = seed
        self.restart()

    def restart(self) -> None:
        """Replays the entity-id stream from the seed (no effect without a seed)."""
        self._rng = random.Random(self.seed) if self.seed is not None else None

    @staticmethod
    def secret(n: int) -> str:
        """Letters and digits for tokens and codes."""
        return "".join(secrets.choice(_ALNUM) for _ in range(n))

    def uuid(self) -> str:
        if self._rng is None:
            return str(uuid.uuid4())
        return str(uuid.UUID(int=self._rng.getrandbits(128), version=4))

    def alnum(self, n: int) -> str:
        """Letters and digits only: safe inside tokens split on '_'."""
        if self._rng is None:
            return "".join(secrets.choice(_ALNUM) for _ in range(n))
        return "".join(self._rng.choice(_ALNUM) for _ in range(n))

    def hex(self, nbytes: int) -> str:
        if self._rng is None:
            return secrets.token_hex(nbytes)
        return "%0*x" % (nbytes * 2, self._rng.getrandbits(nbytes * 8))

    def random(self) -> float:
        return self._rng.random() if self._rng is not None else random.random()

    @staticmethod
    def tracking(prefix: str) -> str:
        # Real tracking ids look like ROUTER_62E068B0-FA5E-01BB-1501-0AFE2B641501 and, for WxCC
        # config, ccconfig_af9eecc5-0472-4549-9a83-2afdae0d4ba0: the UUID's case follows the
        # prefix's. They never draw from the seeded generator: a health poll must not shift the
        # ids a test sees.
        # A version-4 UUID spelled out from 16 random bytes: uuid.uuid4() and str() of it were a
        # visible share of every request.
        b = bytearray(os.urandom(16))
        b[6] = (b[6] & 0x0F) | 0x40
        b[8] = (b[8] & 0x3F) | 0x80
        x = b.hex()
        u = f"{x[:8]}-{x[8:12]}-{x[12:16]}-{x[16:20]}-{x[20:]}"
        return f"{prefix}_{u.upper() if prefix.isupper() else u}"


def derived_uuid(*parts: object) -> str:
    """A stable UUID for fixture data: same parts, same id, on every machine."""
    return str(uuid.uuid5(FIXTURE_NS, "/".join(str(p) for p in parts)))


ids = Ids()


def same_secret(a: str, b: str) -> bool:
    """Constant-time comparison that also takes non-ASCII input (hmac.compare_digest refuses
    non-ASCII str: a client sending 'sécret' must get a 401, not a 500)."""
    import hmac

    return hmac.compare_digest(a.encode("utf-8", "surrogateescape"), b.encode("utf-8", "surrogateescape"))
