"""`conformance recheck`: every response check again on recorded interactions, against any spec, sending nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import requests
from schemathesis import Response
from schemathesis.specs.openapi.schemas import OpenApiSchema

from conformance import st
from conformance.cassette.errors import NothingToRecheck
from conformance.cassette.reader import read_cassette
from conformance.checks import LIST_CHECKS
from conformance.credentials import Credentials
from conformance.engine.exercise import Exerciser
from conformance.engine.log import ResultLog
from conformance.engine.target import REPLAY_APP_ID, REPLAY_APP_TOKEN, Target
from conformance.generation import schemathesis_config
from conformance.probes.prober import RESPONSE_ONLY_BUILTINS
from conformance.result import Finding, Kind
from conformance.session import RunSession
from conformance.settings import resolve_settings
from conformance.spec import load_spec

RECHECKED = frozenset((*RESPONSE_ONLY_BUILTINS, *LIST_CHECKS))


@dataclass
class Recheck:
    """What the recorded responses look like through the given spec."""

    responses: int = 0
    failing: int = 0
    unmatched: int = 0
    defects: list[Finding] = field(default_factory=list)
    spec_gaps: list[Finding] = field(default_factory=list)


def recheck(cassette: Path, spec_path: Path) -> Recheck:
    """Run the response checks on every recorded interaction whose operation the spec knows."""
    recorded_file = read_cassette(cassette)
    header, interactions = recorded_file.header, recorded_file.interactions
    settings = resolve_settings(spec=spec_path)
    spec = load_spec(spec_path)
    base_url = str(header["base_url"])
    target = Target(base_url, Credentials(REPLAY_APP_ID, REPLAY_APP_TOKEN), f"cassette {cassette}", RunSession())
    schema = st.load_schema(spec.raw, schemathesis_config(settings, base_url))
    assert isinstance(schema, OpenApiSchema), "conformance loads OpenAPI documents only"
    log = ResultLog()
    exerciser = Exerciser(target, log)
    result = Recheck()
    # Each (method, path) is looked up in the spec once, however many interactions share it.
    operations: dict[tuple[str, str], Any] = {}
    for interaction in interactions:
        request, recorded = interaction["request"], interaction["response"]
        url = urlsplit(str(request["uri"]))
        where = (str(request["method"]), url.path)
        if where not in operations:
            operations[where] = schema.find_operation_by_path(*where)
        operation = operations[where]
        if operation is None:
            result.unmatched += 1
            continue
        case = operation.Case(query=dict(parse_qsl(url.query, keep_blank_values=True)))
        failed = exerciser.check(case, _response(request, recorded), only=RECHECKED)
        result.responses += 1
        result.failing += failed > 0
    if interactions and not result.responses:
        first = interactions[0]["request"]
        raise NothingToRecheck.between(cassette, spec_path, len(interactions), f"{first['method']} {first['uri']}")
    result.defects = log.findings(Kind.DEFECT)
    result.spec_gaps = log.findings(Kind.SPEC_GAP)
    return result


def _response(request: dict[str, Any], recorded: dict[str, Any]) -> Response:
    body = (recorded.get("body") or {}).get("string") or b""
    headers = {k: v if isinstance(v, list) else [str(v)] for k, v in (request.get("headers") or {}).items()}
    sent = requests.Request(
        str(request["method"]), str(request["uri"]), headers={k: ", ".join(v) for k, v in headers.items()}
    ).prepare()
    return Response(
        status_code=int(recorded["status"]["code"]),
        headers={k: v if isinstance(v, list) else [str(v)] for k, v in (recorded.get("headers") or {}).items()},
        content=body.encode() if isinstance(body, str) else body,
        request=sent,
        elapsed=0.0,
        message=str(recorded["status"].get("message", "")),
        encoding="utf-8",
        http_version="1.1",
        verify=True,
    )
