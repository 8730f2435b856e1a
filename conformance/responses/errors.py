"""Why a response check could not give a verdict: never a pass, always reported as an error of the run.

ResponseCheckError
├── InvalidSpec      the spec is broken where Schemathesis 4.32.5 crashes too (its check raises, not a Failure)
└── NotPorted        Schemathesis handles this, but the port deliberately does not (see the module named)
"""

from __future__ import annotations


class ResponseCheckError(Exception):
    """A check crashed: the recheck reports it as an error, like a Schemathesis check that raised."""


class InvalidSpec(ResponseCheckError):
    """The spec is broken in a way that makes Schemathesis' own check crash as well."""


class NotPorted(ResponseCheckError):
    """A case Schemathesis supports that this port refuses rather than judge differently (e.g. Swagger 2.0)."""
