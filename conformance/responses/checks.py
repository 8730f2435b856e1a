"""The five response-only built-in checks of Schemathesis 4.32.5, judging a recorded response without it.

A check returns the problems it found (`[]`: it applied and passed) or None when it does not apply, which
Schemathesis' `run_checks` tells apart the same way (a check returning True is not counted as applied). These five
never return None in a recheck: their only skip conditions (a non-OpenAPI schema; a coverage probe of the request's
shape) need generation metadata a recorded exchange has not got.
"""

from __future__ import annotations

from collections.abc import Callable

from conformance.responses import media_types, statuses
from conformance.responses.body import body_problems, missing_content_type
from conformance.responses.headers import header_problems
from conformance.responses.operations import Operation
from conformance.responses.problems import (
    MALFORMED_MEDIA_TYPE,
    SERVER_ERROR,
    UNDOCUMENTED_CONTENT_TYPE,
    UNDOCUMENTED_STATUS,
    Problem,
)
from conformance.responses.recorded import RecordedResponse

# The problems found ([] when it passed), or None when the check does not apply.
ResponseCheck = Callable[[Operation, RecordedResponse], list[Problem] | None]


def not_a_server_error(operation: Operation, response: RecordedResponse) -> list[Problem] | None:
    """Anything but 2xx, 3xx and 4xx is a server error, 1xx included (Schemathesis' default expected statuses)."""
    if response.status in statuses.EXPECTED_NOT_SERVER_ERRORS:
        return []
    return [SERVER_ERROR.problem("not_a_server_error", "", key=str(response.status))]


def status_code_conformance(operation: Operation, response: RecordedResponse) -> list[Problem] | None:
    """The status is one the operation documents (a `default` response documents them all)."""
    keys = operation.responses.keys
    if statuses.DEFAULT_KEY in keys or response.status in statuses.expand_all(keys):
        return []
    message = f"Received: {response.status}\nDocumented: {', '.join(keys)}"
    return [UNDOCUMENTED_STATUS.problem("status_code_conformance", message, key=str(response.status))]


def content_type_conformance(operation: Operation, response: RecordedResponse) -> list[Problem] | None:
    """The Content-Type is one the response documents for its status, wildcards matching anything."""
    check = "content_type_conformance"
    definition = operation.responses.for_status(response.status)
    documented = [] if definition is None else definition.documented_media_types
    if not documented:
        return []
    content_type = response.content_type
    if content_type is None:
        return [missing_content_type(check, documented)]
    for option in documented:
        try:
            expected = media_types.parse(option)
        except ValueError:
            return [_malformed(check, "Schema", option, option)]
        try:
            received = media_types.parse(content_type)
        except ValueError:
            return [_malformed(check, "Response", content_type, option)]
        if media_types.matches_parts(expected, received):
            return []
    message = f"Received: {content_type}\nDocumented: {', '.join(documented)}"
    return [UNDOCUMENTED_CONTENT_TYPE.problem(check, message, key=content_type)]


def _malformed(check: str, location: str, actual: str, defined: str) -> Problem:
    message = f"Media type for {location} is incorrect\n\nReceived: {actual}\nDocumented: {defined}"
    return MALFORMED_MEDIA_TYPE.problem(check, message, key=actual)


def response_headers_conformance(operation: Operation, response: RecordedResponse) -> list[Problem] | None:
    """Documented headers are present when required and match their schemas when present."""
    definition = operation.responses.for_status(response.status)
    if definition is None or not definition.headers:
        return []
    return header_problems(definition, response)


def response_schema_conformance(operation: Operation, response: RecordedResponse) -> list[Problem] | None:
    """The body matches the schema documented for its status and media type."""
    return body_problems(operation, response)


# In Schemathesis' registry order.
RESPONSE_CHECKS: dict[str, ResponseCheck] = {
    "not_a_server_error": not_a_server_error,
    "status_code_conformance": status_code_conformance,
    "content_type_conformance": content_type_conformance,
    "response_headers_conformance": response_headers_conformance,
    "response_schema_conformance": response_schema_conformance,
}
