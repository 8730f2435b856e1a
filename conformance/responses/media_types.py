"""Media types as Schemathesis 4.32.5 reads them (`core/media_types.py`): parsing, wildcards, families."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

YAML_MEDIA_TYPES = ("text/yaml", "text/x-yaml", "application/x-yaml", "text/vnd.yaml", "application/yaml")
JSON_MEDIA_TYPES = frozenset(
    {("application", "jose+jwe"), ("application", "jwt"), ("application", "x-json"), ("text", "json")}
)


class MalformedMediaType(ValueError):
    """A media type without a `/`."""


def _parameters(line: str) -> Iterator[str]:
    # cgi.parse_header's splitter, as Schemathesis keeps it: `;` inside quotes does not split.
    while line[:1] == ";":
        line = line[1:]
        end = line.find(";")
        while end > 0 and (line.count('"', 0, end) - line.count('\\"', 0, end)) % 2:
            end = line.find(";", end + 1)
        if end < 0:
            end = len(line)
        yield line[:end].strip()
        line = line[end:]


@lru_cache(maxsize=1024)
def parse(media_type: str) -> tuple[str, str]:
    """(main type, subtype), lower-cased, parameters dropped; MalformedMediaType without a `/`."""
    key = next(_parameters(";" + media_type))
    main, separator, sub = key.partition("/")
    if not separator:
        raise MalformedMediaType(f"Malformed media type: `{key}`")
    return main.lower(), sub.lower()


def matches_parts(expected: tuple[str, str], actual: tuple[str, str]) -> bool:
    """`*` in the expected (documented) type matches anything."""
    return expected[0] in ("*", actual[0]) and expected[1] in ("*", actual[1])


def matches_either(first: tuple[str, str], second: tuple[str, str]) -> bool:
    """`*` on either side matches anything."""
    main = first[0] == "*" or second[0] == "*" or first[0] == second[0]
    sub = first[1] == "*" or second[1] == "*" or first[1] == second[1]
    return main and sub


def is_json(value: str) -> bool:
    """application/json, any `+json`, and the few JSON types with other names."""
    main, sub = parsed = parse(value)
    return parsed in JSON_MEDIA_TYPES or (main == "application" and (sub == "json" or sub.endswith("+json")))


def is_yaml(value: str) -> bool:
    main, sub = parsed = parse(value)
    return parsed in _YAML_PARTS or (main == "application" and sub.endswith("+yaml"))


def is_xml(value: str) -> bool:
    _, sub = parse(value)
    return sub == "xml" or sub.endswith("+xml")


def is_plain_text(value: str) -> bool:
    return parse(value) == ("text", "plain")


def is_sse(value: str) -> bool:
    """Never raises: a malformed type is not an event stream."""
    try:
        return parse(value) == ("text", "event-stream")
    except MalformedMediaType:
        return False


def same_family(first: str, second: str) -> bool:
    """Both are variations of one well-known type, e.g. `application/json` and `application/problem+json`."""
    return any(check(first) and check(second) for check in (is_json, is_xml, is_plain_text, is_yaml))


_YAML_PARTS = frozenset(parse(media_type) for media_type in YAML_MEDIA_TYPES)
