"""The one cassette reader: every consumer (header, replay, scan, recheck) reads cassette files through here.

A file is parsed once per version (path, size, mtime) with vcrpy's own YAML loader, which is LibYAML's C
loader where PyYAML was built with it: about 25x faster than the pure-Python `yaml.safe_load` on a
250-interaction cassette. The parsed document is shared between readers, so nobody may change it.

vcrpy's serializer module is loaded on its own, without the `vcr` package: importing `vcr` imports every HTTP
library it knows how to patch (a third of a second), and reading a cassette patches nothing. Its loader is used
with two shortcuts (`CassetteLoader`) and the cyclic garbage collector paused, which build the same document
in about two thirds of the time.
"""

from __future__ import annotations

import gc
import importlib.util
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml
from yaml.nodes import Node, ScalarNode

from conformance.cassette.errors import NotACassette, UnreadableCassette


def _vcr_yaml_serializer() -> ModuleType:
    """vcrpy's `vcr.serializers.yamlserializer` (it imports only `io` and `yaml`), without importing `vcr`."""
    loaded: ModuleType | None = sys.modules.get("vcr.serializers.yamlserializer")
    if loaded is not None:
        return loaded
    found = importlib.util.find_spec("vcr")
    location = Path(found.origin).parent / "serializers" / "yamlserializer.py" if found and found.origin else None
    spec = importlib.util.spec_from_file_location("_conformance_vcr_yaml", location) if location else None
    if spec is None or spec.loader is None or location is None or not location.is_file():
        return importlib.import_module("vcr.serializers.yamlserializer")  # another layout: slower, the same
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


yamlserializer = _vcr_yaml_serializer()
STR_TAG = "tag:yaml.org,2002:str"


class CassetteLoader(yamlserializer._CassetteLoader):  # type: ignore[misc,name-defined]
    """vcrpy's cassette loader, building the same document with two shortcuts; `tests/test_cassette_reader.py`
    holds the two equal.

    - Tags: a quoted scalar is a string, and a plain one's tag is resolved once per distinct value. PyYAML's
      resolver reaches the same answers one regular expression at a time, for each of a cassette's scalars.
    - Strings: a string scalar is its node's value, without the constructor's dispatch and bookkeeping.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._plain_tags: dict[str, str] = {}

    def resolve(self, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is not ScalarNode or self.yaml_path_resolvers:
            return str(super().resolve(kind, value, implicit))
        if not implicit[0]:
            return STR_TAG  # quoted: what PyYAML's resolver returns for a scalar it may not resolve implicitly
        tag = self._plain_tags.get(value)
        if tag is None:
            tag = self._plain_tags[value] = str(super().resolve(kind, value, implicit))
        return tag

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        if type(node) is ScalarNode and node.tag == STR_TAG:
            return node.value
        return super().construct_object(node, deep)


def deserialize(text: str) -> Any:
    """The document of a cassette's text, as vcrpy's `yamlserializer.deserialize` builds it."""
    with _collector_paused():
        return yaml.load(text, Loader=CassetteLoader)  # a subclass of vcrpy's safe cassette loader


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while a document is built, then back as it was.

    Building a cassette allocates tens of thousands of dicts and lists, and the collector, run every 700 of them,
    walked the growing document again and again: a quarter of the parse. Whatever the parse drops, reference
    counting still frees; a cycle (only a self-referencing alias makes one) waits for the next collection.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


META_KEY = "conformance"
# vcrpy's loader subclasses yaml.CSafeLoader when PyYAML has LibYAML, else the pure-Python SafeLoader.
C_LOADER = bool(getattr(yaml, "__with_libyaml__", False))
CACHED_FILES = 4


@dataclass(frozen=True)
class CassetteFile:
    """A parsed vcrpy cassette: its interactions as stored, and its metadata. Read-only."""

    path: Path
    interactions: tuple[dict[str, Any], ...]
    metadata: dict[str, Any]

    @property
    def header(self) -> dict[str, Any]:
        """The conformance header (metadata.conformance), or NotACassette."""
        header = self.metadata.get(META_KEY)
        if not isinstance(header, dict):
            raise NotACassette(
                f"{self.path} is not a conformance cassette (no '{META_KEY}' metadata). "
                f"Record one with --cassette {self.path}."
            )
        return header

    @property
    def recorded_requests(self) -> int | None:
        """How many requests the recorded run sent; None when the recording did not finish."""
        recorded = self.header.get("recorded")
        requests = recorded.get("requests") if isinstance(recorded, dict) else None
        return requests if isinstance(requests, int) else None


_cache: dict[Path, tuple[tuple[int, int], CassetteFile | None]] = {}


def read_cassette(path: Path) -> CassetteFile:
    """The cassette at `path`, or a one-line UnreadableCassette / NotACassette saying what is wrong and where."""
    cassette = read_if_recorded(path)
    if cassette is None:
        reason = "no such file" if not path.is_file() else "the file is empty"
        raise UnreadableCassette(f"Cannot read cassette {path}: {reason}. Record it first with --cassette {path}.")
    return cassette


def read_header(path: Path) -> dict[str, Any]:
    """The conformance header of an existing cassette, or a one-line CassetteError."""
    return read_cassette(path).header


def read_if_recorded(path: Path) -> CassetteFile | None:
    """The cassette at `path`; None when there is none yet (no file, or a blank one, as vcrpy sees it)."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise UnreadableCassette.from_exception(path, exc) from None
    stamp = (stat.st_size, stat.st_mtime_ns)
    key = path.resolve()
    cached = _cache.get(key)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    cassette = _parse(path)
    if len(_cache) >= CACHED_FILES:
        _cache.pop(next(iter(_cache)))
    _cache[key] = (stamp, cassette)
    return cassette


def forget(path: Path) -> None:
    """Drop the parsed copy of `path`, after writing it."""
    _cache.pop(path.resolve(), None)


def _parse(path: Path) -> CassetteFile | None:
    try:
        text = path.read_text(encoding="utf-8")
        if not text.strip():
            return None
        data = deserialize(text)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise UnreadableCassette.from_exception(path, exc) from None
    if not isinstance(data, dict) or not isinstance(data.get("interactions"), list):
        raise NotACassette(
            f"{path} is not a vcrpy cassette (no 'interactions' list at the top). Record one with --cassette {path}."
        )
    interactions = data["interactions"]
    for index, interaction in enumerate(interactions):
        if not (
            isinstance(interaction, dict)
            and isinstance(interaction.get("request"), dict)
            and isinstance(interaction.get("response"), dict)
        ):
            raise NotACassette(f"{path}: interaction {index} has no request and response mappings. Re-record it.")
    metadata = data.get("metadata")
    return CassetteFile(path, tuple(interactions), metadata if isinstance(metadata, dict) else {})
