"""Cut one operation, with every component it references, out of an official Voucherify spec.

    python scripts/extract_operation.py ../shared/voucherify/openapi/products.json /v1/products get \
        > specs/voucherify/products.json
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def extract(spec: dict[str, Any], path: str, method: str, source: str) -> dict[str, Any]:
    path_item = spec["paths"][path]
    operation = dict(path_item[method])
    # Path-level parameters apply to every operation of the path: fold them in, the operation's own winning.
    own = {(p.get("name"), p.get("in")) for p in operation.get("parameters", []) if "$ref" not in p}
    shared = [p for p in path_item.get("parameters", []) if (p.get("name"), p.get("in")) not in own]
    if shared:
        operation["parameters"] = [*shared, *operation.get("parameters", [])]
    components: dict[str, dict[str, Any]] = {}
    stack: list[Any] = [operation]
    seen: set[str] = set()
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/components/") and ref not in seen:
                seen.add(ref)
                _, _, kind, name = ref.split("/", 3)
                components.setdefault(kind, {})[name] = spec["components"][kind][name]
                stack.append(spec["components"][kind][name])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    components["securitySchemes"] = spec["components"]["securitySchemes"]
    info = {**spec["info"], "x-source": f"{source}, operation {method.upper()} {path}, content unchanged"}
    return {
        "openapi": spec["openapi"],
        "info": info,
        "servers": spec.get("servers", []),
        "security": spec.get("security", []),
        "paths": {path: {method: operation}},
        "components": {kind: dict(sorted(items.items())) for kind, items in sorted(components.items())},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "spec", type=Path, help="An official spec file, e.g. ../shared/voucherify/openapi/products.json"
    )
    parser.add_argument("path", help="The operation's path, e.g. /v1/products")
    parser.add_argument("method", help="The operation's method, e.g. get")
    args = parser.parse_args(argv)
    try:
        spec = json.loads(args.spec.read_text())
        document = extract(spec, args.path, args.method.lower(), str(args.spec).split("shared/")[-1])
    except OSError as exc:
        parser.exit(2, f"extract_operation: cannot read {args.spec}: {exc.strerror}\n")
    except ValueError as exc:
        parser.exit(2, f"extract_operation: {args.spec} is not JSON: {exc}\n")
    except KeyError as exc:
        parser.exit(2, f"extract_operation: {args.spec} has no {args.method.upper()} {args.path} ({exc} missing)\n")
    json.dump(document, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
