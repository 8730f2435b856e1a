"""Negative probes: invalid parameter values, limit and page just outside their ranges, missing credentials.

A value is sent as invalid only when the parameter's own schema refuses it (`query_values.mismatch`, the one request
validator, as the API reads a query string): a 3.1 `limit` typed `number | string | null` admits `ten` and `101`,
so the API may rightly accept them, and the probe of that parameter does not apply (a note says so).
"""

from __future__ import annotations

from conformance.credentials import APP_ID_HEADER, APP_TOKEN_HEADER
from conformance.findings import UNDOCUMENTED_STATUS_CHECK
from conformance.probes.prober import OperationProbe, Prober
from conformance.profile.parameters import query_parameters
from conformance.query_values import mismatch
from conformance.result import Kind

BOUNDS = "list_bounds"
INVALID = "rejects_invalid"
AUTH = "auth_required"
REJECTED = range(400, 500)
WRONG = "conformance-wrong-credential"
INVALID_ENUM = "conformance-not-a-value"
INVALID_DATE = "not-a-date"
INVALID_INT = "ten"


def answered(status: int) -> str:
    """What a server did with a value it should have refused: a 2xx accepts it; a 5xx (or anything else) is not
    acceptance, and the title says what came back."""
    return "is accepted" if 200 <= status < 300 else f"answered HTTP {status}"


def probe_negatives(prober: Prober) -> None:
    """One invalid value per parameter, then the limit and page bounds."""
    probe_invalid_values(prober)
    probe_bounds(prober)


def probe_invalid_values(prober: Prober) -> None:
    """One value of the wrong type or outside the enum per parameter: the API must refuse (4xx)."""
    profile = prober.profile
    invalid: dict[str, str] = {}
    if profile.limit:
        invalid[profile.limit.name] = INVALID_INT
    if profile.order:
        invalid[profile.order] = INVALID_ENUM
    for name in [*profile.date_bounds, *([profile.date_cursor] if profile.date_cursor else [])]:
        invalid[name] = INVALID_DATE
    invalid = {name: value for name, value in invalid.items() if refused_by_schema(prober, INVALID, name, value)}
    if invalid:
        prober.applied.add(INVALID)
    for name, value in invalid.items():
        status = prober.get(**{name: value}).response.status_code
        if status not in REJECTED:
            prober.fail(
                INVALID,
                f"Invalid `{name}` {answered(status)}",
                f"a 4xx for {name}={value}",
                f"HTTP {status}",
                steps=[prober.sequence[-1]],
            )


def probe_bounds(prober: Prober) -> None:
    """Just outside the documented ranges of limit and page, the API must refuse (4xx)."""
    profile = prober.profile
    for param in (profile.limit, profile.page):
        if param is None:
            continue
        outside = [
            v
            for v in (
                param.minimum - 1 if param.minimum is not None else None,
                param.maximum + 1 if param.maximum is not None else None,
            )
            if v is not None and refused_by_schema(prober, BOUNDS, param.name, str(v))
        ]
        if outside:
            prober.applied.add(BOUNDS)
        for value in outside:
            exchange = prober.get(**{param.name: value})
            status = exchange.response.status_code
            if status not in REJECTED:
                prober.fail(
                    BOUNDS,
                    f"`{param.name}` outside {param.minimum}..{param.maximum} {answered(status)}",
                    f"a 4xx for {param.name}={value}",
                    f"HTTP {status}",
                    steps=[prober.sequence[-1]],
                )


def refused_by_schema(prober: Prober, check: str, name: str, value: str) -> bool:
    """Whether the parameter's schema refuses the value; a note when it admits it (the probe cannot apply)."""
    operation = prober.operation
    raw = operation.schema.raw_schema
    path_item = raw.get("paths", {}).get(operation.path, {})
    param = query_parameters(raw, path_item, path_item.get(operation.method.lower(), {})).get(name, {})
    if mismatch(raw, param.get("schema", {}), value) is not None:
        return True
    prober.note(check, f"`{name}` not probed with an invalid value", f"its schema admits {name}={value}")
    return False


def probe_auth(prober: OperationProbe) -> None:
    """Without credentials, or with either one wrong, the API must refuse (401 or 403). Sent with the operation's
    own method: callers send it to GET and HEAD only (a request that changes data is not sent without need)."""
    prober.applied.add(AUTH)
    method = prober.operation.method.upper()
    target = prober.exerciser.target
    url = prober.endpoint
    good = target.headers
    variants: dict[str, dict[str, str]] = {  # the credential headers each sends with a made-up value
        "without credentials": {},
        "with a wrong X-App-Token": {APP_TOKEN_HEADER: WRONG},
        "with a wrong X-App-Id": {APP_ID_HEADER: WRONG},
    }
    for label, wrong in variants.items():
        # Sent outside Schemathesis: the session adds nothing, so exactly these headers go out.
        headers = {**good, **wrong} if wrong else {}
        status = target.session.request(method, url, headers=headers).status_code
        if status not in (401, 403):
            prober.fail(
                AUTH,
                f"Request {label} is not refused",
                "HTTP 401 or 403",
                f"HTTP {status}",
                steps=[url],
                with_credentials=bool(wrong),
                wrong=wrong,
            )
            continue
        if label == "without credentials" and str(status) not in prober.operation.definition.raw.get("responses", {}):
            prober.fail(
                UNDOCUMENTED_STATUS_CHECK,
                "Undocumented status code",
                "a status the spec documents",
                f"HTTP {status} {label}",
                steps=[url],
                kind=Kind.SPEC_GAP,
                with_credentials=False,
            )
