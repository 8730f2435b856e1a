"""A loaded cassette's recordings shelved by canonical key, so that vcrpy looks for a request only where it can match.

Stock vcrpy compares a request with every recording, running every matcher each time (253 requests: 64,262
matcher calls, seconds of `parse_qsl`). This index is built outside vcrpy's Cassette, from its public `requests`
and `responses`: the recordings of each key go on a shelf, a vcrpy Cassette of their own, loaded through a
persister (vcrpy's public way to say where a cassette's recordings come from). A request is filtered once with
the cassette's `filter_request`, keyed, and asked of its shelf with vcrpy's `can_play_response_for` and
`play_response`, so vcrpy's matchers and playback rules still decide what plays, in which order and how often.
The key only narrows where they look: a key coarser than the matchers would still be refused by them, a finer one
would make a loud replay miss, and neither can play a wrong recording.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from vcr.cassette import Cassette

from conformance.cassette.matching import Key, keyer_for


class Shelf:
    """A persister that loads the recordings it was given (already filtered) and never saves them."""

    def __init__(self, requests: list[Any], responses: list[dict[str, Any]]) -> None:
        self.requests, self.responses = requests, responses

    def load_cassette(self, cassette_path: str | Path, serializer: Any) -> tuple[list[Any], list[dict[str, Any]]]:
        return self.requests, self.responses

    def save_cassette(self, cassette_path: str | Path, cassette_dict: dict[str, Any], serializer: Any) -> None:
        raise RuntimeError(f"a shelf of {cassette_path} is never saved: the cassette it was taken from is")


class RecordingIndex:
    """Plays a loaded cassette's recordings as vcrpy would, asking only the shelf of the request's key."""

    def __init__(self, cassette: Any, match_on: Sequence[Callable[..., Any]], allow_playback_repeats: bool) -> None:
        self.cassette = cassette  # vcrpy's Cassette, as loaded (vcrpy ships no type hints)
        self._keyer = keyer_for(match_on)
        shelved: dict[Key, tuple[list[Any], list[dict[str, Any]]]] = {}
        if self._keyer is not None:
            for request, response in zip(cassette.requests, cassette.responses, strict=True):
                requests, responses = shelved.setdefault(self._keyer(request), ([], []))
                requests.append(request)
                responses.append(response)
        self._shelves = {
            key: Cassette.load(
                path=cassette.path,
                persister=Shelf(*recordings),
                record_mode=cassette.record_mode,  # which vcrpy's can_play_response_for asks about
                match_on=match_on,
                allow_playback_repeats=allow_playback_repeats,
            )
            for key, recordings in shelved.items()
        }

    def play(self, request: Any) -> dict[str, Any] | None:
        """The recorded response that vcrpy plays for `request` (counted as played); None if none may play."""
        if self._keyer is None:  # a matcher without a key part: vcrpy's own search through every recording
            playable = self.cassette.can_play_response_for(request)
            return self.cassette.play_response(request) if playable else None
        filtered = self.cassette.filter_request(request)
        shelf = self._shelves.get(self._keyer(filtered)) if filtered else None
        if shelf is None or not shelf.can_play_response_for(filtered):
            return None
        response: dict[str, Any] = shelf.play_response(filtered)
        return response

    def unplayed(self) -> list[tuple[Any, dict[str, Any]]]:
        """The recordings not played yet (vcrpy's public `data` and `play_counts`), in their order within a key."""
        cassettes = list(self._shelves.values()) if self._keyer is not None else [self.cassette]
        return [
            (request, response)
            for cassette in cassettes
            for number, (request, response) in enumerate(cassette.data)
            if not cassette.play_counts[number]
        ]
