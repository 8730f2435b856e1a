"""What a recording depends on, stored in the cassette, and compared before any replay."""

from __future__ import annotations

import hashlib
from importlib.metadata import version
from pathlib import Path
from typing import Any

import conformance
from conformance.cassette.errors import CassetteError, ChangedInputs
from conformance.cassette.reader import META_KEY

# Inputs that change which requests a run sends; a replay needs every one of them unchanged.
COMPARED = (
    "spec_sha256",
    "suite",
    "suite_requests",
    "seed",
    "max_examples",
    "max_requests",
)
# Libraries whose release may change the generated cases, or may not (a patch release rarely does). A replay under
# other versions goes ahead, request by request: each request it sends must still match a recording, so a changed
# case is a replay miss (exit 2), and the miss names these versions as the likely cause. Refusing up front instead
# would break every committed cassette, and every pipeline that gates on one, at each upstream release.
LIBRARIES = ("schemathesis", "hypothesis")
# Inputs that headers record only since a later version: a cassette recorded before is not held to them.
RECORDED_SINCE_LATER = ("max_requests",)
PACKAGE = Path(conformance.__file__).parent
# Our modules that decide what is sent: their source is hashed into the cassette (`suite_requests`), so that a
# change to them asks for a re-recording instead of a replay miss. Paths relative to the package, globs
# allowed; a folder stands for every module under it, so a module added to a package is hashed too.
REQUEST_SHAPING = (
    "engine",  # preflight, path values, probing, generated cases, the exerciser
    "generation.py",  # Schemathesis' generation settings
    "st.py",  # how cases are built and generated, and what Hypothesis may draw from
    "st_schema.py",  # how the spec is loaded into Schemathesis, and which of its operations are selected
    "probes",  # the probe plan
    "checks/view.py",  # how probes read the items that their next requests are made from
    "profile",  # which parameters a list operation has (the probes' inputs)
    "openapi.py",  # how the profile reads the spec
    "selection.py",  # which operations run
    "settings.py",  # defaults of every option
    "gate.py",  # what the budget lets through
    "session.py",  # retries of 429s
    "credentials.py",  # the credential header names
    "timestamps.py",  # cursor and date values the probes send
    "json_body.py",  # how probes parse the bodies their next requests are made from
    "documents.py",  # how probes read the item values their filter requests send
    "query_values.py",  # which invalid values the negative probes send (those the parameter's schema refuses)
)
# Every other module the engine imports, and why it cannot change what is sent. A test keeps the two lists a
# partition of the engine's imports: a new module must be placed in one of them. A module named above wins over
# its folder here.
NOT_REQUEST_SHAPING = {
    "__init__.py": "the package's version and exports (the version is compared on its own)",
    "cassette": "records and replays what is sent",
    "checks": "judge responses (view.py, which probes use, is request-shaping)",
    "errors.py": "error types",
    "findings.py": "builds findings",
    "interrupts.py": "when a Ctrl-C stops the run (before the next request), not what any request is",
    "leniency.py": "classifies findings",
    "lint": "spec findings, sends nothing",
    "pipe.py": "standard output to a reader that may leave early",
    "progress.py": "shows progress",
    "rate.py": "parses rates (pacing changes when, not what)",
    "reproduce.py": "curl lines",
    "result.py": "the run's result",
    "sandbox": "the target: its answers are what a cassette records",
    "spec.py": "reads the spec, whose hash is compared on its own",
}


def request_shaping_files(package: Path = PACKAGE, entries: tuple[str, ...] = REQUEST_SHAPING) -> list[Path]:
    """Every module that REQUEST_SHAPING names, in a stable order; entries that match nothing are left out."""
    files: set[Path] = set()
    for entry in entries:
        for match in package.glob(entry):
            files.update(match.rglob("*.py") if match.is_dir() else [match] if match.suffix == ".py" else [])
    return sorted(files, key=lambda path: path.relative_to(package).as_posix())


def request_shaping_sha(package: Path = PACKAGE) -> str:
    digest = hashlib.sha256()
    for path in request_shaping_files(package):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def build_header(
    *, spec_sha256: str, seed: int, max_examples: int, max_requests: int | None, target: str, base_url: str
) -> dict[str, Any]:
    # Imported here: a run has loaded both already, and `cassette scan` or `--help` need neither (0.2 s).
    import hypothesis
    import schemathesis

    return {
        "spec_sha256": spec_sha256,
        "suite": conformance.__version__,
        "suite_requests": request_shaping_sha(),
        "schemathesis": schemathesis.__version__,
        "hypothesis": hypothesis.__version__,
        "vcrpy": version("vcrpy"),
        "seed": seed,
        "max_examples": max_examples,
        # The budget decides how far each phase goes: a replay under another budget sends other requests.
        "max_requests": max_requests,
        "target": target,
        "base_url": base_url,
    }


def library_changes(recorded: dict[str, Any]) -> list[str]:
    """`hypothesis 6.131.9 -> 6.170.17` for each library whose installed release differs from the recording's."""
    import hypothesis
    import schemathesis

    installed = {"schemathesis": schemathesis.__version__, "hypothesis": hypothesis.__version__}
    return [
        f"{name} {recorded[name]} -> {installed[name]}"
        for name in LIBRARIES
        if name in recorded and recorded[name] != installed[name]
    ]


def compare(path: str, recorded: dict[str, Any], current: dict[str, Any]) -> None:
    """Raise ChangedInputs naming every input that changed since the recording, and how to re-record."""
    changed = [
        f"{key} {recorded.get(key)!r} -> {current.get(key)!r}"
        for key in COMPARED
        if (key in recorded or key not in RECORDED_SINCE_LATER) and recorded.get(key) != current.get(key)
    ]
    if changed:
        raise ChangedInputs.listing(path, changed)


__all__ = ["COMPARED", "META_KEY", "REQUEST_SHAPING", "CassetteError", "build_header", "compare"]
