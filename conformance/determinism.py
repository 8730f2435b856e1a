"""Generation that depends only on the spec, the seed and the responses: never on which modules are loaded.

Hypothesis mixes string and number literals from every *local* module in `sys.modules` (not from
site-packages) into what it generates. For us that means our own source, our tests and whatever else the
process imported: two processes with the same seed would send different cases, and a cassette recorded in
one could not be replayed in another. While a run lasts, that pool is empty.

The patched name is Hypothesis-internal, so pyproject bounds Hypothesis, and a missing name stops the run
with a message instead of silently giving up determinism.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import hypothesis
from hypothesis.internal.conjecture import providers

from conformance.errors import ConformanceError

PATCHED = "hypothesis.internal.conjecture.providers._get_local_constants"


class DeterminismError(ConformanceError):
    """The installed Hypothesis no longer has the internal that keeps generation deterministic."""


@contextlib.contextmanager
def without_local_constants() -> Iterator[None]:
    original = getattr(providers, "_get_local_constants", None)
    constants = getattr(providers, "Constants", None)
    cache = getattr(providers, "CONSTANTS_CACHE", None)
    if original is None or constants is None or cache is None:
        raise DeterminismError(
            f"Hypothesis {hypothesis.__version__} has no {PATCHED}, which keeps generation deterministic. "
            "Install the Hypothesis version pyproject.toml allows."
        )
    empty = constants()
    providers._get_local_constants = lambda: empty
    cache.cache.clear()
    try:
        yield
    finally:
        providers._get_local_constants = original
        cache.cache.clear()
