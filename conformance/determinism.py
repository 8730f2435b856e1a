"""Generation that depends only on the spec, the seed and the responses: never on which modules are loaded.

Hypothesis mixes string and number literals from every *local* module in `sys.modules` (not from
site-packages) into what it generates. For us that means our own source, our tests and whatever else the
process imported: two processes with the same seed would send different cases, and a cassette recorded in
one could not be replayed in another. While a run lasts, that pool is empty.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from hypothesis.internal.conjecture import providers


@contextlib.contextmanager
def without_local_constants() -> Iterator[None]:
    original = getattr(providers, "_get_local_constants", None)
    if original is None:  # a Hypothesis without the feature: nothing to pin
        yield
        return
    empty = providers.Constants()  # type: ignore[attr-defined]
    providers._get_local_constants = lambda: empty
    providers.CONSTANTS_CACHE.cache.clear()
    try:
        yield
    finally:
        providers._get_local_constants = original
        providers.CONSTANTS_CACHE.cache.clear()
