"""The body against the schema documented for its status and media type: Schemathesis 4.32.5's
`validate_documented_response` (`specs/openapi/validation.py`), event streams excepted (NotPorted)."""

from __future__ import annotations

from json import JSONDecodeError
from typing import TYPE_CHECKING, Any

from conformance.responses import problems as kinds
from conformance.responses.deserialization import deserialize
from conformance.responses.discriminators import discriminator_problem
from conformance.responses.problems import Problem, distinct
from conformance.responses.recorded import RecordedResponse
from conformance.responses.rendering import violation_message

if TYPE_CHECKING:
    from conformance.responses.operations import Operation
    from conformance.responses.schemas import PreparedSchema

CHECK = "response_schema_conformance"
FALLBACK_MEDIA_TYPE = "application/json"


def body_problems(operation: Operation, response: RecordedResponse) -> list[Problem]:
    """Every way the body breaks its documented schema; [] when nothing documented applies."""
    # HEAD responses never carry a body.
    if operation.method.upper() == "HEAD":
        return []
    definition = operation.responses.for_status(response.status)
    if definition is None:
        return []
    documented_media_types = definition.documented_media_types
    content_type = response.content_type
    documented = definition.body(content_type)
    if documented.schema is None:
        return []
    # Compiled before the body is read: a schema the validator refuses crashes the check whatever the body.
    validator = definition.cache.validator(documented.schema)
    found: list[Problem] = []
    if content_type is None:
        found.append(missing_content_type(CHECK, documented_media_types))
    try:
        data = deserialize(response.body, _read_as(content_type, documented.media_type))
    except JSONDecodeError as exc:
        message = f"Response must be valid JSON with 'Content-Type: application/json' header:\n\n  {exc}"
        return [*found, kinds.MALFORMED_JSON.problem(CHECK, message, key=kinds.MALFORMED_JSON.title)]
    except NotImplementedError:
        # Media types without a deserializer (images, binary formats) are not validated.
        return []
    except Exception as exc:  # noqa: BLE001 - any deserializer error is reported, as Schemathesis does
        message = f"Failed to deserialize response content:\n\n  {exc}"
        return [*found, kinds.UNDESERIALIZABLE.problem(CHECK, message, key="")]
    context = _context(definition.key, response.status)
    found.extend(_violations(validator, documented.schema, data, context))
    discriminator = discriminator_problem(CHECK, data, documented.schema)
    if discriminator is not None:
        found.append(discriminator)
    return distinct(found)


def _read_as(content_type: str | None, documented: str | None) -> str:
    # An empty Content-Type is still one (and malformed): only a missing one falls back to the documented type.
    if content_type is not None:
        return content_type
    return documented or FALLBACK_MEDIA_TYPE


def missing_content_type(check: str, documented: list[str]) -> Problem:
    listed = "".join(f"\n- `{media_type}`" for media_type in documented)
    message = f"The following media types are documented in the schema:{listed}"
    return kinds.MISSING_CONTENT_TYPE.problem(check, message, key="")


def _violations(validator: Any, schema: PreparedSchema, data: Any, context: str) -> list[Problem]:
    found: list[Problem] = []
    try:
        for error in validator.iter_errors(data):
            message = violation_message(error, schema.schema, schema.name_to_uri, context)
            found.append(kinds.SCHEMA_VIOLATION.problem(CHECK, message, key="/".join(map(str, error.schema_path))))
    except ValueError as exc:
        # jsonschema_rs refuses lone surrogates (e.g. \uDCF3), which Python's json module accepts.
        message = (
            f"Response contains invalid JSON (lone Unicode surrogate characters are not valid per RFC 8259):\n\n  {exc}"
        )
        found.append(kinds.MALFORMED_JSON.problem(CHECK, message, key=kinds.MALFORMED_JSON.title))
    return found


def _context(matched_key: str, status: int) -> str:
    """Which response definition supplied the schema."""
    if matched_key == str(status):
        return f"Validated against the response schema for status code {status}."
    if matched_key == "default":
        return f"Validated against the `default` response schema (status code {status})."
    return f"Validated against the response schema for `{matched_key}` (status code {status})."
