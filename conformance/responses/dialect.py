"""What the OpenAPI version changes for response validation: the JSON Schema draft and how schemas are converted."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import jsonschema_rs

from conformance.responses.errors import InvalidSpec, NotPorted

NULLABLE = "nullable"
HEADER_REQUIRED = "required"
# Schemathesis' FANCY_REGEX_OPTIONS: the regex engine's size limit for `pattern`.
PATTERN_OPTIONS = jsonschema_rs.FancyRegexOptions(size_limit=150_000_000)
# The versions Schemathesis loads at all (`openapi/loaders.py`); any other is refused before a check runs.
SUPPORTED_VERSION = re.compile(r"^3\.[0-2]\.[0-9]+(-.+)?$")
# RFC 3339 Appendix A `duration`, which Draft 4 does not know and Schemathesis adds.
_DURATION = re.compile(
    r"^P(?:\d+W"
    r"|(?:\d+Y(?:\d+M(?:\d+D)?)?|\d+M(?:\d+D)?|\d+D)(?:T(?:\d+H(?:\d+M(?:\d+S)?)?|\d+M(?:\d+S)?|\d+S))?"
    r"|T(?:\d+H(?:\d+M(?:\d+S)?)?|\d+M(?:\d+S)?|\d+S))$"
)


def _is_duration(value: str) -> bool:
    return _DURATION.match(value) is not None


def _is_uuid(value: Any) -> bool:
    if not isinstance(value, str):
        return True
    return _is_uuid_text(value)


@lru_cache(maxsize=1024)
def _is_uuid_text(value: str) -> bool:
    import uuid  # only a `uuid` format pays for it

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


# Formats newer drafts check natively and Draft 4 does not; Schemathesis registers them for Draft 4 only.
DRAFT4_SUPPLEMENTAL_FORMATS: dict[str, Callable[[Any], bool]] = {"duration": _is_duration, "uuid": _is_uuid}


@dataclass(frozen=True)
class Dialect:
    """One OpenAPI version's response-validation settings (Schemathesis' adapters v3_0, v3_1 and v3_2)."""

    name: str
    validator_cls: type[Any]
    merge_ref_siblings: bool  # keywords next to `$ref` apply (3.1) or are dropped (3.0)
    upgrade_legacy_exclusive_bounds: bool  # boolean exclusiveMinimum/Maximum and `items: [...]` rewritten (3.1)
    formats: dict[str, Callable[[Any], bool]] | None


OPENAPI_30 = Dialect("3.0", jsonschema_rs.Draft4Validator, False, False, DRAFT4_SUPPLEMENTAL_FORMATS)
OPENAPI_31 = Dialect("3.1", jsonschema_rs.Draft202012Validator, True, True, None)


def dialect_for(raw: dict[str, Any]) -> Dialect:
    """3.1 and later read as 3.1, anything else as 3.0 (an unknown `openapi` text sorts below every version)."""
    version = raw.get("openapi")
    if version is None and raw.get("swagger") is not None:
        raise NotPorted("Swagger 2.0 documents are not supported by the Schemathesis-free response checks.")
    if version is None:
        raise InvalidSpec("Unable to determine the Open API version as it's not specified in the document.")
    if not isinstance(version, str) or not SUPPORTED_VERSION.match(version):
        raise InvalidSpec(f"The provided schema uses Open API {version}, which is currently not supported.")
    # Open API 3.2 differs from 3.1 only for event streams, which are not ported (see `definitions.py`).
    return OPENAPI_30 if version.startswith("3.0.") else OPENAPI_31
