"""Loading an OpenAPI spec file and describing it (title, version, hash) for reports."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from conformance.errors import SpecError

# LibYAML's loader where it is present (several times faster), the pure-Python one otherwise; both are safe.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# The default spec ships inside the package (package data), so that the command works outside the checkout and
# from an installed wheel; specs/voucherify/customers.yaml in the checkout is a link to it. pip installs a package
# as files, so the resource is a file on disk. The run reads it by default, and so does the sandbox.
DEFAULT_SPEC = Path(str(resources.files("conformance").joinpath("specs", "customers.yaml")))


@dataclass(frozen=True)
class Spec:
    """A parsed OpenAPI document with the facts reports need."""

    path: Path
    raw: dict[str, Any]
    sha256: str

    @property
    def title(self) -> str:
        return str(self.raw.get("info", {}).get("title", "untitled"))

    @property
    def version(self) -> str:
        return str(self.raw.get("info", {}).get("version", "unknown"))


def load_spec(path: Path) -> Spec:
    """Read and sanity-check an OpenAPI 3 document, raising SpecError with a one-line reason."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SpecError(f"Cannot read spec {path}: {exc.strerror}. Check the path to the OpenAPI file.") from None
    try:
        raw = json.loads(data) if path.suffix == ".json" else yaml.load(data, Loader=SAFE_LOADER)
    except (ValueError, yaml.YAMLError) as exc:
        reason = _reason(exc)
        raise SpecError(f"Spec {path} is not valid {'JSON' if path.suffix == '.json' else 'YAML'}: {reason}") from None
    if not isinstance(raw, dict) or not str(raw.get("openapi", "")).startswith("3."):
        raise SpecError(f"Spec {path} is not an OpenAPI 3 document: expected a top-level 'openapi: 3.x' field.")
    if not isinstance(raw.get("paths"), dict) or not raw["paths"]:
        raise SpecError(f"Spec {path} has no paths: expected at least one operation under 'paths'.")
    return Spec(path=path, raw=raw, sha256=hashlib.sha256(data).hexdigest())


def _reason(exc: Exception) -> str:
    """The parser's complaint with its line and column (YAML names them apart from the message)."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None)
    if mark is not None:
        return f"{problem or type(exc).__name__} at line {mark.line + 1}, column {mark.column + 1}"
    return str(exc).splitlines()[0]
