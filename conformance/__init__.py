"""conformance: does this API behave as its OpenAPI spec says?"""

from conformance.errors import ConformanceError, CredentialError, SpecError, TargetError, UsageError
from conformance.settings import RunSettings, resolve_settings

__version__ = "0.1.0"

__all__ = [
    "ConformanceError",
    "CredentialError",
    "RunSettings",
    "SpecError",
    "TargetError",
    "UsageError",
    "__version__",
    "resolve_settings",
]
