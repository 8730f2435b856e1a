"""Schemathesis' five response-only checks, ported so `conformance recheck` judges recorded responses without
importing Schemathesis, Hypothesis or requests.

    operations = Operations(spec.raw, base_url)
    operation = operations.find("GET", "/v1/customers")        # None when the spec has no such operation
    for name, check in RESPONSE_CHECKS.items():
        problems = check(operation, RecordedResponse(200, headers, body))   # None: not applicable; []: passed

Parity with Schemathesis 4.32.5 (titles, messages, de-duplication keys) is proven by `tests/test_response_checks.py`.
"""

from __future__ import annotations

from conformance.responses.checks import RESPONSE_CHECKS, ResponseCheck
from conformance.responses.errors import InvalidSpec, NotPorted, ResponseCheckError
from conformance.responses.operations import Operation, Operations
from conformance.responses.problems import Problem
from conformance.responses.recorded import RecordedResponse

__all__ = [
    "RESPONSE_CHECKS",
    "InvalidSpec",
    "NotPorted",
    "Operation",
    "Operations",
    "Problem",
    "RecordedResponse",
    "ResponseCheck",
    "ResponseCheckError",
]
