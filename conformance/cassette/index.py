"""vcrpy's Cassette with its recordings indexed by canonical key, so that replay looks each request up once.

Stock vcrpy compares every request with every recording, running each matcher each time (253 requests made
64,262 matcher calls). Here each recording's key is computed once, as it is loaded or recorded, and a
request's key once per request. The semantics stay vcrpy's: a request may play the recordings whose key
equals its own, in recorded order, each once unless `allow_playback_repeats`. When a matcher has no known
key part (see `matching.KEY_PARTS`), every method falls back to vcrpy's own linear search.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from typing import Any

from vcr.cassette import Cassette
from vcr.record_mode import RecordMode

from conformance.cassette.matching import keyer_for

Key = tuple[Hashable, ...]


# vcrpy ships no type hints, so its Cassette is `Any` to mypy; subclassing it is the documented way to
# change how a cassette finds responses (vcrpy's own `Cassette.use_arg_getter` takes the class).
class IndexedCassette(Cassette):  # type: ignore[misc]
    """A vcrpy Cassette whose lookups go through a dict from canonical key to the recordings' positions."""

    def __init__(self, *args: Any, owned_filter: Callable[[Any], Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # vcrpy's before_record_request deep-copies each request before filtering it, so that nobody else's request
        # changes. Replay alone may pass the same filters without the copy (`owned_filter`): it filters requests
        # it has just made itself, loaded recordings and the Playback's own requests.
        self._filter = owned_filter or self._before_record_request
        self._keyer = keyer_for(self._match_on)
        self._positions: dict[Key, list[int]] = {}
        # The last request looked up, and its key: vcrpy asks about one request up to five times in a row.
        self._last: tuple[Any, tuple[Any, ...], Key | None] | None = None
        self._loading = False

    def _load(self) -> None:
        self._loading = True
        try:
            super()._load()
        finally:
            self._loading = False

    def append(self, request: Any, response: Any) -> None:
        before = len(self.data)
        if self._loading:
            # Recorded responses went through before_record_response when they were recorded; stock vcrpy runs
            # it again on every load (for us: a JSON parse of every body), which changes nothing and matches
            # nothing. Requests are filtered again, as vcrpy does, since matching compares filtered requests.
            filtered = self._filter(request)
            if filtered:
                self.data.append((filtered, response))
        else:
            super().append(request, response)
        if self._keyer is not None and len(self.data) > before:
            self._positions.setdefault(self._keyer(self.data[-1][0]), []).append(before)

    def _responses(self, request: Any) -> Iterator[tuple[int, Any]]:
        if self._keyer is None:
            yield from super()._responses(request)
            return
        key = self.key_of(request)
        for position in self._positions.get(key, ()) if key is not None else ():
            yield position, self.data[position][1]

    def can_play_response_for(self, request: Any) -> bool:
        # vcrpy filters the request here, then again in `request in self`; one key, memoized, does for both.
        if self._keyer is None:
            return bool(super().can_play_response_for(request))
        return (
            self.record_mode != RecordMode.ALL
            and (self.rewound or self.allow_playback_repeats)
            and self.key_of(request) is not None
            and request in self
        )

    def key_of(self, request: Any) -> Key | None:
        """The canonical key of a request as sent (filtered as vcrpy filters it); None if it is filtered out."""
        assert self._keyer is not None
        if self._last is not None and self._last[0] is request and self._last[1] == _state(request):
            return self._last[2]
        filtered = self._filter(request)
        key = self._keyer(filtered) if filtered else None
        self._last = (request, _state(request), key)  # after filtering: an owned filter changes the request itself
        return key

    def _new_interactions(self) -> list[tuple[Any, Any]]:
        if self._keyer is None:
            return list(super()._new_interactions())
        old = {self._keyer(request) for request, _ in self._old_interactions}
        return [(request, response) for request, response in self.data if self._keyer(request) not in old]

    def _rerecorded_interactions(self) -> list[tuple[Any, Any]]:
        if self._keyer is None or self.drop_unused_requests:
            return list(super()._rerecorded_interactions())
        loaded: list[tuple[Any, Any]] = self.data[: self._loaded_count]
        recorded: list[tuple[Any, Any]] = self.data[self._loaded_count :]
        again = {self._keyer(request) for request, _ in recorded}
        return [item for item in loaded if self._keyer(item[0]) not in again] + recorded


def _state(request: Any) -> tuple[Any, ...]:
    """What the key of a request depends on, to tell whether it changed since it was looked up."""
    return (request.method, request.uri, tuple(request.headers.items()))
