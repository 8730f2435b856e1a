"""Which path template a concrete request path matches: a port of the werkzeug 3 routing (`Map`, `Rule` and the
state-machine matcher) that Schemathesis 4.32.5's `find_operation_by_path` builds from the spec's paths.

Each template becomes a werkzeug rule (`/v1/customers/{id}` -> `/v1/customers/<parameter_1>`, any non-empty
segment). Matching goes segment by segment, a static segment before a variable one, and backtracks, so
`/v1/customers/import` prefers a literal `import` template but falls back to `{id}` when the literal one does not
allow the method. A path that would be redirected (missing trailing slash, doubled slashes) matches nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from conformance.responses.errors import InvalidSpec, NotPorted

T = TypeVar("T")
# werkzeug's rule grammar: a slash, static text, or `<converter(args):variable>`.
_PART = re.compile(
    r"(?:(?P<slash>/)|(?P<static>[^</]+)"
    r"|(?:<(?:(?P<converter>[a-zA-Z_][a-zA-Z0-9_]*)(?:\((?P<arguments>.*?)\))?:)?(?P<variable>[a-zA-Z_][a-zA-Z0-9_]*)>))"
)
_TEMPLATE_VARIABLE = re.compile(r"\{([^}]+)\}")
# The default converter: one non-empty segment; werkzeug weighs it 100.
_SEGMENT = "[^/]{1,}"
_CONVERTER_WEIGHT = 100


class _SlashRequired(Exception):
    """werkzeug would redirect to the path with a trailing slash."""


@dataclass(frozen=True)
class _Part:
    """One segment of a rule: literal text, or a regex when it holds a variable; ordered by werkzeug's weighting."""

    content: str
    static: bool
    weight: tuple[int, tuple[tuple[int, int], ...], int, tuple[int, ...]]


@dataclass
class _State:
    static: dict[str, _State] = field(default_factory=dict)
    dynamic: list[tuple[_Part, re.Pattern[str], _State]] = field(default_factory=list)
    rules: list[tuple[frozenset[str], object]] = field(default_factory=list)


class Router(Generic[T]):
    """Path templates with their methods, matched against concrete request paths."""

    def __init__(self) -> None:
        self._root = _State()

    def add(self, template: str, method: str, endpoint: T) -> None:
        """Register `template` for `method` (GET also answers HEAD, as in werkzeug)."""
        rule = "".join(
            f"<parameter_{i}>" if i % 2 else part for i, part in enumerate(_TEMPLATE_VARIABLE.split(template))
        )
        if not rule.startswith("/"):
            raise InvalidSpec(f"URL rule {rule!r} must start with a slash.")
        methods = {method.upper()} | ({"HEAD"} if method.upper() == "GET" else set())
        state = self._root
        # The empty domain part comes first; werkzeug merges repeated slashes in rules.
        for part in (_Part("", True, (0, (), 0, ())), *_parse_rule(re.sub("/{2,}", "/", rule))):
            state = _step(state, part)
        state.rules.append((frozenset(methods), endpoint))

    def match(self, method: str, path: str) -> T | None:
        """The endpoint of the first matching rule, or None (no match, wrong method, or a werkzeug redirect)."""
        path = f"/{path.lstrip('/')}" if path else ""
        try:
            found = _match(self._root, ["", *path.split("/")], method.upper())
        except _SlashRequired:
            return None
        # No match is retried with slashes merged, but that either fails or redirects: both are no match.
        return found  # type: ignore[return-value]


def _step(state: _State, part: _Part) -> _State:
    if part.static:
        return state.static.setdefault(part.content, _State())
    for existing, _, following in state.dynamic:
        if existing == part:
            return following
    following = _State()
    state.dynamic.append((part, re.compile(part.content), following))
    # Dynamic transitions are tried by weight; the sort is stable, so equal weights keep the spec's order.
    state.dynamic.sort(key=lambda entry: entry[0].weight)
    return following


def _parse_rule(rule: str) -> Iterator[_Part]:
    content, static = "", True
    static_weights: list[tuple[int, int]] = []
    argument_weights: list[int] = []
    position = 0
    while position < len(rule):
        found = _PART.match(rule, position)
        if found is None:
            raise InvalidSpec(f"malformed url rule: {rule!r}")
        if found["static"] is not None:
            static_weights.append((len(static_weights), -len(found["static"])))
            content += found["static"] if static else re.escape(found["static"])
        if found["variable"] is not None:
            if found["converter"] is not None:
                raise NotPorted(f"The path {rule!r} names a werkzeug converter; only plain templates are ported.")
            if static:
                content = re.escape(content)
            static = False
            content += f"(?P<__werkzeug_{len(argument_weights)}>{_SEGMENT})"
            argument_weights.append(_CONVERTER_WEIGHT)
        if found["slash"] is not None:
            yield _part(content, static, static_weights, argument_weights)
            content, static, static_weights, argument_weights = "", True, [], []
        position = found.end()
    yield _part(content, static, static_weights, argument_weights)


def _part(content: str, static: bool, static_weights: list[tuple[int, int]], argument_weights: list[int]) -> _Part:
    weight = (-len(static_weights), tuple(static_weights), -len(argument_weights), tuple(argument_weights))
    return _Part(content if static else content + r"\Z", static, weight)


def _match(state: _State, parts: list[str], method: str) -> object | None:
    if not parts:
        for methods, endpoint in state.rules:
            if method in methods:
                return endpoint
        # A rule for this path with a trailing slash: werkzeug redirects there.
        if "" in state.static and any(method in methods for methods, _ in state.static[""].rules):
            raise _SlashRequired
        return None
    head, rest = parts[0], parts[1:]
    if head in state.static:
        found = _match(state.static[head], rest, method)
        if found is not None:
            return found
    for _, pattern, following in state.dynamic:
        if pattern.match(head) is not None:
            found = _match(following, rest, method)
            if found is not None:
                return found
    return None
