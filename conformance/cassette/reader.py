"""The one cassette reader: every consumer (header, replay, scan, recheck) reads cassette files through here.

A file is parsed once per version (path, size, mtime) with PyYAML's safe loader, LibYAML's `CSafeLoader` where
PyYAML was built with it (about 25x faster than the pure-Python `SafeLoader` on a 250-interaction cassette). It
builds the document vcrpy's own cassette loader builds: vcrpy's is a safe loader too, which also constructs the
few Python tags that older cassettes hold; `CassetteLoader` adds the same ones with PyYAML's `add_constructor`
(`tests/test_cassette_reader.py` holds the two equal on every committed cassette). Nothing of vcrpy is imported:
importing `vcr` imports every HTTP library it knows how to patch, and reading a cassette patches nothing. The
parsed document is shared between readers, so nobody may change it.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from conformance.cassette.errors import NotACassette, UnreadableCassette

try:
    from yaml import CSafeLoader as SafeLoader

    C_LOADER = True
except ImportError:  # PyYAML built without LibYAML: the same documents, slower
    from yaml import SafeLoader  # type: ignore[assignment]

    C_LOADER = False


class CassetteLoader(SafeLoader):
    """PyYAML's safe loader, plus the Python tags that vcrpy's cassette loader constructs (and nothing else:
    `!!python/object/apply:os.system` is refused as by any safe loader)."""


def _python_str(loader: SafeLoader, node: Node) -> str:
    assert isinstance(node, ScalarNode)
    return str(loader.construct_scalar(node))


def _python_tuple(loader: SafeLoader, node: Node) -> tuple[Any, ...]:
    assert isinstance(node, SequenceNode)
    return tuple(loader.construct_sequence(node))


def _bytesio(loader: SafeLoader, node: Node) -> BytesIO:
    """A request body that older vcrpy pickled as `_io.BytesIO`, rebuilt from its content only (as vcrpy does)."""
    assert isinstance(node, MappingNode)
    state = loader.construct_mapping(node, deep=True).get("state") or (b"",)
    data = state[0] if state else b""
    return BytesIO((data.encode("utf-8") if isinstance(data, str) else data) or b"")


def _iterator(loader: SafeLoader, node: Node) -> Any:
    """A request body that older vcrpy stored as `builtins.iter(sequence)`, an iterator over the sequence again."""
    assert isinstance(node, MappingNode)
    args: Any = loader.construct_mapping(node, deep=True).get("args") or ([],)
    return iter(args[0] if args else [])


PYTHON_TAGS = {
    "tag:yaml.org,2002:python/str": _python_str,
    "tag:yaml.org,2002:python/unicode": _python_str,
    "tag:yaml.org,2002:python/tuple": _python_tuple,
    "tag:yaml.org,2002:python/object/new:_io.BytesIO": _bytesio,
    "tag:yaml.org,2002:python/object/apply:builtins.iter": _iterator,
}
for _tag, _constructor in PYTHON_TAGS.items():
    CassetteLoader.add_constructor(_tag, _constructor)


def deserialize(text: str) -> Any:
    """The document of a cassette's text, as vcrpy's `yamlserializer.deserialize` builds it."""
    return yaml.load(text, Loader=CassetteLoader)  # a safe loader, with five constructors added


META_KEY = "conformance"
# How to get a cassette, said of a file that is not one: recording into that same file would overwrite it.
RECORD_HINT = "Record one into a new file: conformance run --cassette NEW.yaml."
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
            raise NotACassette(f"{self.path} is not a conformance cassette (no '{META_KEY}' metadata). {RECORD_HINT}")
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
        raise NotACassette(f"{path} is not a vcrpy cassette (no 'interactions' list at the top). {RECORD_HINT}")
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
