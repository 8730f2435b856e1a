"""vcrpy's persister, loading through the one cassette reader: the file the run's header came from is not parsed twice.

Saving is vcrpy's own, so a cassette stays a standard vcrpy cassette that stock vcrpy reads and writes.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from vcr.persisters.filesystem import CassetteNotFoundError, FilesystemPersister
from vcr.request import Request
from vcr.serializers import yamlserializer

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
        # As vcrpy's serialize.deserialize, without changing the shared parsed document.
        requests = [Request._from_dict(dict(interaction["request"])) for interaction in cassette.interactions]
        responses = [_with_bytes_body(interaction["response"]) for interaction in cassette.interactions]
        metadata = copy.deepcopy(cassette.metadata)  # vcrpy may add to it; the parsed document stays as read
        return (requests, responses, metadata) if metadata else (requests, responses)

    @staticmethod
    def save_cassette(cassette_path: str | Path, cassette_dict: dict[str, Any], serializer: Any) -> None:
        FilesystemPersister.save_cassette(cassette_path, cassette_dict, serializer=serializer)
        forget(Path(cassette_path))


def _with_bytes_body(response: dict[str, Any]) -> dict[str, Any]:
    """A copy of a recorded response that vcrpy may change, its body string as bytes (vcrpy's convert_to_bytes)."""
    copied = {**response, "headers": dict(response.get("headers") or {})}
    body = response.get("body")
    if isinstance(body, dict) and isinstance(body.get("string"), str):
        try:
            copied["body"] = {**body, "string": body["string"].encode("utf-8")}
        except UnicodeEncodeError:
            pass  # vcrpy leaves such a body as it is, too
    return copied
