"""Shape: required fields at every depth (through allOf, nullable, additionalProperties), `data_ref`, the
`object` values and RFC 3339 timestamps, each reported with the JSON path of the offending field."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import jsonschema_rs

from conformance.checks.failures import ShapeFailure
from conformance.checks.registry import OperationCache, profile_of, response_check
from conformance.checks.view import NOT_JSON, parse_body
from conformance.openapi import bundle, json_response_schema, properties
from conformance.profile import ListProfile
from conformance.profile.schemas import is_array
from conformance.timestamps import FORMATS

if TYPE_CHECKING:
    from jsonschema import FormatChecker, Validator
    from jsonschema.exceptions import ValidationError
    from schemathesis import Case, Response

_INDEX = re.compile(r"\[\d+\]")


@response_check
def list_shape(profile: ListProfile, case: Case[Any], response: Response) -> None:
    """The body matches the documented schema at every depth; data_ref and object name what they should."""
    body = parse_body(response.content)
    if body is NOT_JSON:
        return  # content_type_conformance and response_schema_conformance report undecodable bodies
    problems = list(_envelope_problems(profile, body)) or list(_schema_problems(case, body))
    if problems:
        path, expected, received = problems[0]
        raise ShapeFailure(
            operation=profile.operation,
            title=f"Wrong or missing field at {path}",
            expected=expected,
            received=received + (f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""),
            key=_INDEX.sub("[*]", path) + ":" + expected,
        )


def _envelope_problems(profile: ListProfile, body: Any) -> Iterator[tuple[str, str, str]]:
    if not isinstance(body, dict):
        yield "$", "a JSON object", type(body).__name__
        return
    if profile.data_ref is not None and body.get("data_ref") != profile.data_ref:
        yield "$.data_ref", f"data_ref={profile.data_ref!r}", f"data_ref={body.get('data_ref')!r}"
    data_ref = body.get("data_ref")
    if isinstance(data_ref, str) and not isinstance(body.get(data_ref), list):
        yield f"$.{data_ref}", f"an array named by data_ref={data_ref!r}", f"{type(body.get(data_ref)).__name__}"
    if profile.list_object is not None and body.get("object") != profile.list_object:
        yield "$.object", f"object={profile.list_object!r}", f"object={body.get('object')!r}"


def _schema_problems(case: Case[Any], body: Any) -> Iterator[tuple[str, str, str]]:
    # jsonschema_rs (Schemathesis' own validator) answers "valid?" about twenty times faster; the pure-Python
    # validator, with the same schema and format functions, says where and why when the answer is no.
    fast = _fast(case)
    if fast is not None and fast.is_valid(body):
        return
    for error in _validator(case).iter_errors(body):
        yield from _leaves(error)


def _schema(case: Case[Any]) -> Any:
    spec = case.operation.schema.raw_schema
    operation = spec["paths"][case.operation.path][case.operation.method.lower()]
    response = json_response_schema(spec, operation)
    return _served_where_data_ref_says(spec, response, bundle(spec, response) or {}, profile_of(case))


def _served_where_data_ref_says(spec: dict[str, Any], response: Any, root: Any, profile: ListProfile | None) -> Any:
    """Where `data_ref` names no property (segments.json: `data_ref` is 'data', the array is `segments`), the items are
    served where data_ref says (listing.mdx, and the profile's reading): they are held to the array's item schema
    there. Both words agree on what an item is: data_ref "contains the array of segments", the array's items are
    segments. Without this, nothing in the schema describes the items actually served."""
    fields = properties(spec, response)
    placed = root.get("properties") if isinstance(root, dict) else None
    if profile is None or profile.items_key in fields or not isinstance(placed, dict):
        return root
    arrays = [name for name, node in fields.items() if is_array(spec, node) and name in placed]
    if len(arrays) != 1:
        return root
    return {**root, "properties": {**placed, profile.items_key: placed[arrays[0]]}}


def _draft(case: Case[Any]) -> str:
    """OpenAPI 3.1 schemas are JSON Schema 2020-12 (`const`, `if`/`then`, type lists); 3.0 ones are draft 4-like."""
    return "2020-12" if str(case.operation.schema.raw_schema.get("openapi", "")).startswith("3.1") else "4"


def _build_fast(case: Case[Any]) -> Any:
    """The fast validator, or None where it refuses the schema itself (then the pure-Python one decides alone)."""
    kind = jsonschema_rs.Draft202012Validator if _draft(case) == "2020-12" else jsonschema_rs.Draft4Validator
    try:
        # The formats the checks validate (`date-time`, and `date` on the calendar); others are not checked.
        return kind(_bundled(case), formats=FORMATS, validate_formats=True)
    except (jsonschema_rs.ValidationError, ValueError):
        return None


_bundled = OperationCache(_schema)


def _formats() -> FormatChecker:
    """The same formats, for the pure-Python validator."""
    from jsonschema import FormatChecker

    formats = FormatChecker(formats=())
    for name, conforms in FORMATS.items():
        formats.checks(name)(conforms)
    return formats


def _build_slow(case: Case[Any]) -> Validator:
    # Imported here: the pure-Python validator only explains a body the fast one rejected, and a recheck of
    # conforming responses need not pay a tenth of a second to import it.
    from jsonschema import Draft4Validator, Draft202012Validator

    kind = Draft202012Validator if _draft(case) == "2020-12" else Draft4Validator
    return kind(_bundled(case), format_checker=_formats())


_validator = OperationCache(_build_slow)
_fast = OperationCache(_build_fast)


def _leaves(error: ValidationError) -> Iterator[tuple[str, str, str]]:
    """The deepest errors: a nullable field that fails reports why its non-null branch failed."""
    if error.validator in ("anyOf", "oneOf") and error.context:
        branches = [sub for sub in error.context if sub.schema != {"type": "null"}]
        if branches:
            for sub in branches:
                yield from _leaves(sub)
            return
    path = error.json_path
    if error.validator == "required":
        missing = str(error.message).split("'")[1] if "'" in str(error.message) else str(error.message)
        yield f"{path}.{missing}", f"required field `{missing}`", "field is missing"
    elif error.validator == "format":
        yield path, f"a {error.validator_value} value (RFC 3339)", repr(error.instance)
    else:
        yield path, f"{error.validator}: {error.validator_value!r}", repr(error.instance)[:120]
