"""The options of a run, declared once: `conformance run` adds them as `--NAME`, the pytest plugin as
`--conformance-NAME`, and both turn the parsed values into RunSettings with `settings_from`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conformance.credentials import APP_ID_ENV, APP_TOKEN_ENV
from conformance.errors import UsageError
from conformance.selection import FILTERS, METHOD_CHOICES, parse_selection
from conformance.settings import (
    DEFAULT_MAX_EXAMPLES,
    DEFAULT_REPORT_DIR,
    DEFAULT_SEED,
    DEFAULT_SPEC,
    RECORD_MODES,
    RunSettings,
    resolve_settings,
)


@dataclass(frozen=True)
class Option:
    name: str  # also the keyword of resolve_settings
    help: str
    type: Callable[[str], Any] | None = str
    default: Any = None
    choices: tuple[str, ...] | None = None
    flag: bool = False
    multiple: bool = False

    @property
    def dest(self) -> str:
        return self.name.replace("-", "_")

    def add_kwargs(self) -> dict[str, Any]:
        if self.flag:
            return {"action": "store_true", "default": False, "help": self.help}
        kwargs: dict[str, Any] = {"type": self.type, "default": self.default, "help": self.help}
        if self.multiple:
            kwargs["action"] = "append"
        if self.choices:
            kwargs["choices"] = self.choices
        return kwargs


RUN_OPTIONS = (
    Option(
        "spec",
        f"OpenAPI spec file, or a folder of them (repeatable; one run, one verdict over all; default: {DEFAULT_SPEC}).",
        Path,
        multiple=True,
    ),
    Option("base-url", "Target base URL. Without it, the embedded sandbox is started and stopped."),
    Option("cluster", "Voucherify cluster from the spec's servers: api, us1.api or as1.api."),
    Option("app-id", f"X-App-Id credential (default: ${APP_ID_ENV})."),
    Option("app-token", f"X-App-Token credential (default: ${APP_TOKEN_ENV})."),
    Option(
        "credentials-file",
        "TOML with [voucherify] app_id, app_token (default: ~/.config/conformance/credentials.toml).",
        Path,
    ),
    Option("report-dir", "Where outputs go (default: reports/).", Path, DEFAULT_REPORT_DIR),
    Option("seed", f"Generation seed (default: {DEFAULT_SEED}).", int, DEFAULT_SEED),
    Option(
        "max-examples",
        f"Fuzzing examples per operation (default: {DEFAULT_MAX_EXAMPLES}); the spec's examples and Schemathesis' "
        "coverage cases come on top. Bound a run with --max-requests.",
        int,
        DEFAULT_MAX_EXAMPLES,
    ),
    Option("strict-spec", "Fail the run on spec gaps and spec findings too.", flag=True),
    Option(
        "allow-incomplete",
        "Exit 0, not 3, when nothing failed but something selected was not checked (the verdict still says "
        "incomplete, and lists what and why).",
        flag=True,
    ),
    Option("max-requests", "Send at most N HTTP requests in all; probes come first.", int),
    Option("rate-limit", "Pace requests ahead of time, e.g. 100/h, 10/m, 2/s."),
    Option("sandbox-quota", "Give the embedded sandbox Voucherify's quota, e.g. 100/h."),
    Option("cassette", "Record the run's HTTP into this vcrpy cassette, or replay it.", Path),
    Option(
        "record-mode",
        "vcrpy record mode (default: none if the cassette exists, so nothing is sent; else once).",
        str,
        None,
        RECORD_MODES,
    ),
    *(
        Option(
            f"{side}-{name}",
            f"{side.capitalize()} operations by {name.replace('-', ' ')} (repeatable), as in st run.",
            multiple=True,
        )
        for side in ("include", "exclude")
        for name in FILTERS
    ),
    Option(
        "methods",
        "Against a live target only GET and HEAD run (safe); `all` opts in to every method, changing data.",
        str,
        None,
        METHOD_CHOICES,
    ),
    Option(
        "path-param",
        "A path parameter's value, NAME=VALUE (repeatable); else taken from the parent list.",
        multiple=True,
    ),
    Option("plan", "Print each operation's planned requests and their cost; send nothing.", flag=True),
    Option("resume", "Coverage file: continue where the previous budgeted run stopped, and update it.", Path),
)


def typed(option: Option, given: Any) -> Any:
    """A value given as text (the pytest plugin's options stay text, so that a bad one is the run's error, exit 2,
    not pytest's usage error) in the option's type, as argparse would convert it for `conformance run`."""
    if option.type is None or option.type is str:
        return given
    if isinstance(given, list):
        return [typed(option, item) for item in given]
    if not isinstance(given, str):
        return given  # a default, already typed
    try:
        return option.type(given)
    except (TypeError, ValueError):
        kind = "an integer" if option.type is int else f"a {getattr(option.type, '__name__', 'value')}"
        raise UsageError(f"--{option.name} expects {kind}; got {given!r}.") from None


SELECTION = tuple(o.dest for o in RUN_OPTIONS if o.name.startswith(("include-", "exclude-")) or o.name == "methods")


def settings_from(values: Mapping[str, Any]) -> RunSettings:
    """RunSettings from parsed option values keyed by `Option.dest`; validation happens here, once."""
    selection = parse_selection(
        {name: values[f"include_{name.replace('-', '_')}"] for name in FILTERS},
        {name: values[f"exclude_{name.replace('-', '_')}"] for name in FILTERS},
        values["methods"],
    )
    given = {option.dest: values[option.dest] for option in RUN_OPTIONS if option.dest not in SELECTION}
    # Repeatable, so argparse's default is None (it would append to a default list): the default applies here.
    given["spec"] = given["spec"] or DEFAULT_SPEC
    return resolve_settings(**given, selection=selection)
