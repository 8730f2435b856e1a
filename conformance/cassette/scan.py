"""`conformance cassette scan`: fail when any cassette holds a secret (for CI and pre-commit)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from conformance.cassette.errors import CassetteError, NotACassette
from conformance.cassette.reader import read_if_recorded
from conformance.cassette.scrub import DROPPED_HEADERS, MARKERS, SECRET_NAME
from conformance.credentials import SECRET_HEADERS

CASSETTE_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Leak:
    """Where a secret sits; never the secret itself."""

    path: Path
    interaction: int
    where: str

    def __str__(self) -> str:
        return f"{self.path}: interaction {self.interaction}: {self.where}"


def cassette_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix in CASSETTE_SUFFIXES)
        elif path.exists():
            files.append(path)
        else:
            raise CassetteError(f"No such cassette or folder: {path}.")
    return files


def scan(paths: list[Path], skipped: list[Path] | None = None) -> list[Leak]:
    """Every secret-looking value in the cassettes under `paths`.

    A YAML file found in a folder that is no vcrpy cassette (a spec, a config) is left out, and added to `skipped`;
    one named on its own is an error, as a broken file anywhere is (with its line)."""
    named = {path for path in paths if not path.is_dir()}
    leaks: list[Leak] = []
    for path in cassette_files(paths):
        try:
            cassette = read_if_recorded(path)  # a blank file holds nothing
        except NotACassette:
            if path in named:
                raise
            if skipped is not None:
                skipped.append(path)
            continue
        for index, interaction in enumerate(cassette.interactions if cassette else ()):
            leaks += [Leak(path, index, where) for where in _interaction_leaks(interaction)]
    return leaks


def _interaction_leaks(interaction: dict[str, Any]) -> Iterator[str]:
    request, response = interaction.get("request", {}), interaction.get("response", {})
    yield from _header_leaks("request", request.get("headers") or {})
    yield from _header_leaks("response", response.get("headers") or {})
    for name, value in parse_qsl(urlsplit(str(request.get("uri", ""))).query, keep_blank_values=True):
        if SECRET_NAME.search(name) and value and value not in MARKERS:
            yield f"query parameter {name!r} carries a value"
    yield from _body_leaks("request body", request.get("body"))
    yield from _body_leaks("response body", (response.get("body") or {}).get("string"))


def _header_leaks(side: str, headers: dict[str, Any]) -> Iterator[str]:
    for name, values in headers.items():
        lower = name.lower()
        values = values if isinstance(values, list) else [values]
        if lower in DROPPED_HEADERS:
            yield f"{side} header {name!r} is present"
        elif (lower in SECRET_HEADERS or SECRET_NAME.search(lower)) and any(v not in MARKERS for v in values):
            yield f"{side} header {name!r} carries a value"


def _body_leaks(side: str, body: Any) -> Iterator[str]:
    if not body:
        return
    try:
        data = json.loads(body)
    except (ValueError, TypeError):
        return
    yield from (f"{side} field {path!r} carries a value" for path in _secret_fields(data, "$"))


def _secret_fields(data: Any, path: str) -> Iterator[str]:
    if isinstance(data, dict):
        for key, value in data.items():
            if SECRET_NAME.search(str(key)) and isinstance(value, str) and value and value not in MARKERS:
                yield f"{path}.{key}"
            else:
                yield from _secret_fields(value, f"{path}.{key}")
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from _secret_fields(item, f"{path}[{index}]")
