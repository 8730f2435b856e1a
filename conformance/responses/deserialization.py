"""A response body as data, by its media type: Schemathesis 4.32.5's built-in deserializers (JSON, YAML, event
streams), picked the way its registry picks them (same family, or a wildcard on either side)."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from conformance.json_body import parse_json
from conformance.responses import media_types

# How recheck decodes every body: the offline checker builds Schemathesis' Response with `encoding="utf-8"`.
ENCODING = "utf-8"
_SSE_LINE = re.compile(r"\r\n|\r|\n")
_SSE_RETRY = re.compile(r"^[0-9]+$")


def _json(body: bytes) -> Any:
    # json.loads(body.decode(ENCODING)), shared with our list checks, which read the same body next.
    return parse_json(body)


def _yaml(body: bytes) -> Any:
    import yaml  # only a YAML response pays for it

    return yaml.load(body.decode(ENCODING), _yaml_loader())  # the loader is a SafeLoader


def _event_stream(body: bytes) -> list[dict[str, Any]]:
    return _parse_events(body.decode("utf-8").removeprefix("\ufeff"))


# In registration order: the first that matches a media type deserializes it.
DESERIALIZERS: tuple[tuple[str, Callable[[bytes], Any]], ...] = (
    ("application/json", _json),
    *((name, _yaml) for name in media_types.YAML_MEDIA_TYPES),
    ("text/event-stream", _event_stream),
)


def deserialize(body: bytes, content_type: str) -> Any:
    """The body as data. NotImplementedError when no deserializer takes the media type; MalformedMediaType (a
    ValueError) for a type without `/`; JSONDecodeError or any other error as the deserializer raises it."""
    parsed = media_types.parse(content_type)
    for registered, deserializer in DESERIALIZERS:
        if media_types.same_family(content_type, registered) or media_types.matches_either(
            parsed, media_types.parse(registered)
        ):
            return deserializer(body)
    raise NotImplementedError(f"Cannot deserialize response with Content-Type: {content_type!r}")


@lru_cache
def _yaml_loader() -> Any:
    """Schemathesis' YAML loader: no timestamps, YAML 1.2 booleans, scientific floats, keys kept as written."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader: Any = type("YAMLLoader", (base,), {})
    loader.yaml_implicit_resolvers = {
        key: [
            (tag, regexp)
            for tag, regexp in mapping
            if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")
        ]
        for key, mapping in loader.yaml_implicit_resolvers.copy().items()
    }
    loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
    )
    loader.add_implicit_resolver(
        "tag:yaml.org,2002:float",
        re.compile(
            r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
                       |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
                       |\.[0-9_]+(?:[eE][-+]?[0-9]+)?
                       |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
                       |[-+]?\.(?:inf|Inf|INF)
                       |\.(?:nan|NaN|NAN))$""",
            re.VERBOSE,
        ),
        list("-+0123456789."),
    )

    def construct_mapping(self: Any, node: Any, deep: bool = False) -> dict[Any, Any]:
        if isinstance(node, yaml.MappingNode):
            self.flatten_mapping(node)
        mapping = {}
        for key_node, value_node in node.value:
            # A key tagged other than `str` keeps its text: `on` stays "on", `1` stays "1".
            key = key_node.value if key_node.tag != "tag:yaml.org,2002:str" else self.construct_object(key_node, deep)
            mapping[key] = self.construct_object(value_node, deep)
        return mapping

    def construct_binary(self: Any, node: Any) -> Any:
        return self.construct_scalar(node)

    loader.construct_mapping = construct_mapping
    loader.add_constructor("tag:yaml.org,2002:binary", construct_binary)
    return loader


def _parse_events(text: str) -> list[dict[str, Any]]:
    """Server-sent events: `data` lines joined, `event` defaulting to "message", `id` carried over, `retry`."""
    events: list[dict[str, Any]] = []
    current: dict[str, Any] = {}
    data: list[str] = []
    last_id: str | None = None
    for line in _SSE_LINE.split(text):
        if line == "":
            _flush(events, current, data, last_id)
            current, data = {}, []
        elif not line.startswith(":"):
            name, _, value = line.partition(":") if ":" in line else (line, "", "")
            value = value.removeprefix(" ")
            if name == "data":
                data.append(value)
            elif name == "event":
                current[name] = value
            elif name == "retry" and _SSE_RETRY.fullmatch(value):
                current[name] = int(value)
            elif name == "id" and "\x00" not in value:
                current[name] = last_id = value
    _flush(events, current, data, last_id)
    return events


def _flush(events: list[dict[str, Any]], current: dict[str, Any], data: list[str], last_id: str | None) -> None:
    if not data:
        return
    event: dict[str, Any] = {"data": "\n".join(data), "event": current.get("event") or "message"}
    if "id" in current:
        event["id"] = current["id"]
    elif last_id is not None:
        event["id"] = last_id
    if "retry" in current:
        event["retry"] = current["retry"]
    events.append(event)
