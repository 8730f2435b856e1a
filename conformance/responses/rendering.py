"""The message of a JSON Schema violation, rendered exactly as Schemathesis 4.32.5's `JsonSchemaError` renders it
(`openapi/checks.py`), with its default output settings: lines cut at 80 characters, schema and value at 20 lines.

    <validator message>[\n\n<which response schema>]\n\nSchema at /path:\n\n    <schema>\n\nValue:\n\n    <value>
"""

from __future__ import annotations

import json
import textwrap
from typing import Any
from urllib.parse import urlsplit

from conformance.responses.bundling import BUNDLE_KEY, BUNDLE_PREFIX
from conformance.responses.references import walk

TRUNCATED = "// Output truncated..."
MAX_WIDTH = 80
MAX_LINES = 20  # what `JsonSchemaError` asks for; not the output config's own 10
INDENT = 4


def violation_message(error: Any, root_schema: Any, name_to_uri: dict[str, str], context: str | None = None) -> str:
    """The message for one jsonschema_rs ValidationError against the prepared `root_schema`."""
    schema_path = list(error.schema_path)
    schema = _failing_schema(root_schema, schema_path)
    validation_message = _validation_message(error, schema, schema_path)
    if isinstance(schema, dict) and schema_path:
        # The failing keyword is shown first.
        keyword = schema_path[-1]
        if isinstance(keyword, str) and keyword in schema:
            schema = {keyword: schema[keyword], **{k: v for k, v in schema.items() if k != keyword}}
    if name_to_uri:
        schema = unbundle(schema, name_to_uri)
    schema_text = textwrap.indent(truncate_json(schema), prefix=" " * INDENT)
    value_text = textwrap.indent(truncate_json(error.instance), prefix=" " * INDENT)
    prefix = f"{validation_message}\n\n{context}" if context else validation_message
    return f"{prefix}\n\n{_schema_title(schema_path, name_to_uri)}:\n\n{schema_text}\n\nValue:\n\n{value_text}"


def _failing_schema(root_schema: Any, schema_path: list[Any]) -> Any:
    if not schema_path:
        return root_schema
    schema = walk(root_schema, schema_path[:-1])
    if not isinstance(schema, (dict, bool)):
        # A boolean branch of `allOf` / `anyOf` has the keyword's list of schemas as its parent.
        schema = walk(root_schema, schema_path)
    if not isinstance(schema, (dict, bool)):
        # Schemathesis asserts here: the check crashes.
        raise AssertionError(f"No schema at {schema_path!r}")
    return schema


def _validation_message(error: Any, schema: Any, schema_path: list[Any]) -> str:
    # Read- and write-only properties are rewritten to a schema nothing satisfies; say what it rejects instead.
    if schema == {"not": {}} and schema_path and schema_path[-1] == "not":
        name = error.instance_path[-1] if error.instance_path else None
        return f'Property "{name}" is not allowed' if isinstance(name, str) else "Value is not allowed"
    message: str = error.message
    # The validator spells the whole rejected value on one line, however large.
    rendered = json.dumps(error.instance, separators=(",", ":"), ensure_ascii=False)
    if len(rendered) <= MAX_WIDTH:
        return message
    return message.replace(rendered, truncate_text(rendered, MAX_WIDTH), 1)


def _schema_title(schema_path: list[Any], name_to_uri: dict[str, str]) -> str:
    if len(schema_path) <= 1:
        return "Schema"
    path = unbundle_path(schema_path[:-1], name_to_uri) if name_to_uri else schema_path[:-1]
    return "Schema at " + "".join(f"/{segment}" for segment in path)


def truncate_json(data: Any, max_lines: int = MAX_LINES) -> str:
    """Indented JSON, each line cut at 80 characters, at most `max_lines` lines then a truncation marker."""
    lines: list[str] = []
    pending = ""
    exhausted = True
    # Encoded incrementally and abandoned once there are enough lines: a whole document's schemas may follow.
    for chunk in json.JSONEncoder(indent=INDENT).iterencode(data):
        pending += chunk
        if "\n" not in pending:
            continue
        *ready, pending = pending.split("\n")
        lines.extend(ready)
        if len(lines) > max_lines:
            exhausted = False
            break
    if exhausted:
        lines.append(pending)
    lines = [line[: MAX_WIDTH - 3] + "..." if len(line) > MAX_WIDTH else line for line in lines]
    if exhausted and len(lines) <= max_lines:
        return "\n".join(lines)
    kept = lines[: max_lines - 1]
    kept.append(f"{' ' * INDENT}{TRUNCATED}")
    kept.append("]" if isinstance(data, list) else "}")
    return "\n".join(kept)


def truncate_text(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 4] + " ..."


def unbundle(schema: Any, name_to_uri: dict[str, str]) -> Any:
    """Bundled references shown as the original `#/components/schemas/...` ones; `x-bundled` shown as components."""
    if isinstance(schema, list):
        return [unbundle(item, name_to_uri) for item in schema]
    if not isinstance(schema, dict):
        return schema
    result: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "$ref" and isinstance(value, str) and value.startswith(BUNDLE_PREFIX):
            name = value.split("/")[-1]
            if name in name_to_uri:
                original = _component_name(name, name_to_uri[name])
                result[key] = f"#/components/schemas/{original.replace('~', '~0').replace('/', '~1')}"
            else:
                result[key] = value
        elif key == BUNDLE_KEY and isinstance(value, dict):
            schemas = {
                _component_name(name, name_to_uri.get(name)): unbundle(item, name_to_uri)
                for name, item in value.items()
            }
            result["components"] = {"schemas": schemas}
        elif isinstance(value, (dict, list)):
            result[key] = unbundle(value, name_to_uri)
        else:
            result[key] = value
    return result


def unbundle_path(path: list[Any], name_to_uri: dict[str, str]) -> list[Any]:
    """`['x-bundled', 'schema000001', 'properties']` as `['components', 'schemas', 'Customer', 'properties']`."""
    result: list[Any] = []
    index = 0
    while index < len(path):
        following = path[index + 1] if index + 1 < len(path) else None
        if path[index] == BUNDLE_KEY and isinstance(following, str) and following in name_to_uri:
            uri = name_to_uri[following]
            fragment = uri.split("#", 1)[1] if "#" in uri else ""
            if fragment.startswith("/"):
                result.extend(segment.replace("~1", "/").replace("~0", "~") for segment in fragment[1:].split("/"))
            else:
                # A whole-document reference names the document.
                result.append(urlsplit(uri).path.rstrip("/").rsplit("/", 1)[-1] or uri)
            index += 2
        else:
            result.append(path[index])
            index += 1
    return result


def _component_name(bundled_name: str, original_uri: str | None) -> str:
    for marker in ("#/components/schemas/", "#/definitions/"):
        if original_uri is not None and marker in original_uri:
            return original_uri.split(marker)[1].replace("~1", "/").replace("~0", "~")
    return bundled_name
