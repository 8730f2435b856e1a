"""vcrpy's persister, loading through the one cassette reader: the file the run's header came from is not parsed twice.

A custom persister is vcrpy's public way to change where a cassette comes from (`VCR.register_persister`). Loading
builds what vcrpy's own `serialize.deserialize` builds, with its public `Request` and `convert_to_bytes`; saving
is vcrpy's own, so a cassette stays a standard vcrpy cassette that stock vcrpy reads and writes.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from vcr.persisters.filesystem import CassetteNotFoundError, FilesystemPersister
from vcr.request import Request
from vcr.serializers import yamlserializer
from vcr.serializers.compat import convert_to_bytes

from conformance.cassette.reader import forget, read_if_recorded


class CassettePersister:
    """Loads with `reader.read_if_recorded` (LibYAML, parsed once), saves with vcrpy's FilesystemPersister."""

    @classmethod
    def load_cassette(cls, cassette_path: str | Path, serializer: Any) -> tuple[Any, ...]:
        if serializer is not yamlserializer:
            return tuple(FilesystemPersister.load_cassette(cassette_path, serializer=serializer))
        cassette = read_if_recorded(Path(cassette_path))
        if cassette is None:
            raise CassetteNotFoundError()  # vcrpy then records from scratch, where the mode allows
        # The parsed document is shared (the header came from it too): vcrpy gets objects of its own.
        requests = [Request(**interaction["request"]) for interaction in cassette.interactions]
        responses = [convert_to_bytes(_own_copy(interaction["response"])) for interaction in cassette.interactions]
        metadata = copy.deepcopy(cassette.metadata)  # vcrpy may add to it
        return (requests, responses, metadata) if metadata else (requests, responses)

    @staticmethod
    def save_cassette(cassette_path: str | Path, cassette_dict: dict[str, Any], serializer: Any) -> None:
        FilesystemPersister.save_cassette(cassette_path, cassette_dict, serializer=serializer)
        forget(Path(cassette_path))


def _own_copy(response: dict[str, Any]) -> dict[str, Any]:
    """A recorded response whose body mapping `convert_to_bytes` may change (vcrpy deep-copies it as it loads)."""
    body = response.get("body")
    return {**response, "body": dict(body)} if isinstance(body, dict) else dict(response)
