"""Runs inside the SDK's own virtual environment: stdlib and `voucherify` only, never `conformance`.

One JSON instruction per stdin line, one JSON answer per stdout line:

    {"op": "info"}                                     -> {"version": "6.1.1"}
    {"op": "parse", "model": "X", "body": "<json>"}    -> {"ok": true, "dump": {...}, "naive": [...]}
                                                          {"ok": false, "errors": [{"loc", "msg", "input", "model"}]}
    {"op": "signature", "api": "CustomersApi", "method": "list_customers"}
                                                       -> {"ok": true, "arguments": [...], "datetimes": [...]}
    {"op": "call", "host", "api", "method", "kwargs", "credentials": [id, token]}
                                                       -> like parse, plus "status" / "exception" /
                                                          "transport" (the SDK's HTTP transport failed)
    {"op": "catalog"}                                  -> {"ok": true, "methods": [{"api", "method", "http_method",
                                                          "path", "query", "path_params", "model", "arguments",
                                                          "datetimes"}, ...]}

The catalog is the SDK's own metadata, read from its source as OpenAPI Generator writes it: each `_<m>_serialize`
calls `param_serialize(method=..., resource_path=...)`, appends `(query name, argument)` under `if argument is not
None`, sets `_path_params[name] = argument`; the method `<m>` keeps `_response_types_map = {"2XX": "Model"}`.
An instruction that fails answers {"ok": false, "crash": "<exception>"}: the worker never dies of one.

The SDK parses exactly as it does for its users: `Model.from_dict(json.loads(body))`, the call its
ApiClient makes. Credentials arrive on stdin, never in argv, and are never echoed back.
"""

from __future__ import annotations

import ast
import datetime as dt
import importlib
import inspect
import json
import re
import sys
from enum import Enum
from typing import Any

MISSING = "missing"
_SERIALIZE = re.compile(r"^_(?P<method>\w+)_serialize$")
_SUCCESS = ("200", "2XX")


def _sdk() -> Any:
    return importlib.import_module("voucherify")


def _version() -> str:
    from importlib.metadata import version

    return version("voucherify")


def _errors(exc: Exception) -> list[dict[str, Any]]:
    """Pydantic's errors as JSON; anything else as one error at the root."""
    if hasattr(exc, "errors") and hasattr(exc, "title"):
        return [
            {
                "model": str(exc.title),
                "loc": [part if isinstance(part, int) else str(part) for part in error.get("loc", ())],
                "msg": str(error.get("msg", "")),
                "type": str(error.get("type", "")),
                "input": _jsonable(error.get("input")),
            }
            for error in exc.errors()
        ]
    return [{"model": "", "loc": [], "msg": f"{type(exc).__name__}: {exc}", "type": "exception", "input": None}]


def _jsonable(value: Any) -> Any:
    try:
        json.dumps(value)
        return value
    except (TypeError, ValueError):
        return repr(value)


def _jsonify(value: Any, path: str, naive: list[str]) -> Any:
    """The parsed model as JSON, noting the paths of naive datetimes: instants the SDK cannot place in time."""
    if isinstance(value, dict):
        return {str(key): _jsonify(item, f"{path}.{key}", naive) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonify(item, f"{path}[{index}]", naive) for index, item in enumerate(value)]
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        naive.append(path)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)  # Decimal, UUID and the like: compared as text


def _dumped(model: Any) -> dict[str, Any]:
    naive: list[str] = []
    # A method whose response is no model (a CSV export is a str) answers the value as it is.
    value = model.model_dump(by_alias=True) if hasattr(model, "model_dump") else model
    dump = _jsonify(value, "$", naive)
    return {"ok": True, "dump": dump, "naive": naive}


def parse(model_name: str, body: str) -> dict[str, Any]:
    model = getattr(importlib.import_module("voucherify.models"), model_name, None)
    if model is None:
        return {"ok": False, "missing": MISSING, "errors": []}
    try:
        data = json.loads(body)
        parsed = model.from_dict(data)
    except Exception as exc:  # noqa: BLE001 - every failure to parse is the answer, not a crash
        return {"ok": False, "errors": _errors(exc)}
    if parsed is None:
        return {"ok": False, "errors": [{"model": model_name, "loc": [], "msg": "parsed to None", "input": None}]}
    return _dumped(parsed)


def call(instruction: dict[str, Any]) -> dict[str, Any]:
    sdk = _sdk()
    app_id, app_token = instruction["credentials"]
    configuration = sdk.Configuration(host=instruction["host"], api_key={"X-App-Id": app_id, "X-App-Token": app_token})
    api_class: Any = getattr(sdk, instruction["api"], None)
    method = getattr(api_class, instruction["method"], None) if api_class is not None else None
    if method is None:
        return {"ok": False, "missing": MISSING, "errors": []}
    kwargs = dict(instruction["kwargs"])
    for name in _signature(method)["datetimes"]:
        if isinstance(kwargs.get(name), str):
            # What a user passes: an aware datetime, e.g. an item's created_at from an earlier page.
            kwargs[name] = dt.datetime.fromisoformat(kwargs[name].replace("Z", "+00:00"))
    with sdk.ApiClient(configuration) as client:
        try:
            parsed = getattr(api_class(client), instruction["method"])(**kwargs)
        except Exception as exc:  # noqa: BLE001 - the SDK's exception is the answer
            status = getattr(exc, "status", None)
            answer = {"ok": False, "status": status, "exception": type(exc).__name__, "errors": _errors(exc)}
            return answer | {"transport": _transport(exc)}
    return _dumped(parsed)


def _transport(exc: Exception) -> bool:
    """The SDK's HTTP transport failed (urllib3 could not connect, or lost the connection): the call never reached
    the gate's proxy, whatever the arguments were."""
    import urllib3  # the SDK's transport, installed with it

    return isinstance(exc, urllib3.exceptions.HTTPError | OSError)


def _signature(method: Any) -> dict[str, Any]:
    parameters = [p for p in inspect.signature(method).parameters.values() if p.name != "self"]
    public = [p for p in parameters if not p.name.startswith("_")]
    return {
        "ok": True,
        "arguments": [p.name for p in public],
        "datetimes": [p.name for p in public if "datetime" in str(p.annotation)],
    }


def signature(api: str, method_name: str) -> dict[str, Any]:
    """The method's public arguments, and which of them take a datetime."""
    api_class = getattr(_sdk(), api, None)
    method = getattr(api_class, method_name, None) if api_class else None
    if method is None:
        return {"ok": False, "missing": MISSING, "errors": []}
    return _signature(method)


def _constant(node: ast.AST | None) -> Any:
    return node.value if isinstance(node, ast.Constant) else None


def _guarded_argument(node: ast.If) -> str | None:
    """`if limit is not None:` -> "limit"."""
    test = node.test
    if isinstance(test, ast.Compare) and isinstance(test.left, ast.Name) and isinstance(test.ops[0], ast.IsNot):
        return test.left.id
    return None


def _serialized(function: ast.FunctionDef) -> dict[str, Any]:
    """HTTP method, resource path, query names and path names (each with its argument) of a `_*_serialize`."""
    found: dict[str, Any] = {"http_method": None, "path": None, "query": {}, "path_params": {}}
    for node in ast.walk(function):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "param_serialize":
            keywords = {k.arg: _constant(k.value) for k in node.keywords}
            found["http_method"], found["path"] = keywords.get("method"), keywords.get("resource_path")
        if isinstance(node, ast.If) and (argument := _guarded_argument(node)):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Tuple) and isinstance(name := _constant(inner.elts[0]), str):
                    found["query"].setdefault(name, argument)
                if isinstance(inner, ast.Subscript) and getattr(inner.value, "id", "") == "_path_params":
                    if isinstance(name := _constant(inner.slice), str):
                        found["path_params"][name] = argument
    return found


def _response_model(function: ast.FunctionDef) -> str | None:
    for node in ast.walk(function):
        if not (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)):
            continue
        if node.target.id == "_response_types_map" and isinstance(node.value, ast.Dict):
            types = {_constant(k): _constant(v) for k, v in zip(node.value.keys, node.value.values, strict=True)}
            return next((str(types[code]) for code in _SUCCESS if types.get(code)), None)
    return None


def catalog() -> dict[str, Any]:
    """Every public method of every `*Api` class, with the operation its serializer sends."""
    api_package = importlib.import_module("voucherify.api")
    models = importlib.import_module("voucherify.models")
    methods: list[dict[str, Any]] = []
    for api_name in sorted(dir(api_package)):
        api_class = getattr(api_package, api_name)
        if not (isinstance(api_class, type) and api_name.endswith("Api")):
            continue
        tree = ast.parse(inspect.getsource(sys.modules[api_class.__module__]))
        classes = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == api_name]
        functions = {f.name: f for c in classes for f in c.body if isinstance(f, ast.FunctionDef)}
        for name, function in functions.items():
            match = _SERIALIZE.match(name)
            public = functions.get(match["method"]) if match else None
            if public is None or not hasattr(api_class, public.name):
                continue
            model = _response_model(public)
            model = model if model and hasattr(models, model) else None  # `str`, `bytearray`: no model to parse
            entry = {"api": api_name, "method": public.name, "model": model, **_serialized(function)}
            methods.append({**entry, **_signature(getattr(api_class, public.name))})
    return {"ok": True, "methods": methods}


def answer(instruction: dict[str, Any]) -> dict[str, Any]:
    op = instruction.get("op")
    if op == "catalog":
        return catalog()
    if op == "info":
        return {"ok": True, "version": _version()}
    if op == "parse":
        return parse(str(instruction["model"]), str(instruction["body"]))
    if op == "call":
        return call(instruction)
    if op == "signature":
        return signature(str(instruction["api"]), str(instruction["method"]))
    return {"ok": False, "errors": [{"model": "", "loc": [], "msg": f"unknown op {op!r}", "input": None}]}


def main() -> None:
    for line in sys.stdin:
        if line.strip():
            try:
                reply = answer(json.loads(line))
            except Exception as exc:  # noqa: BLE001 - reported to the gate as an error, and the worker goes on
                reply = {"ok": False, "crash": f"{type(exc).__name__}: {exc}", "errors": []}
            sys.stdout.write(json.dumps(reply, default=repr) + "\n")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
