"""Cut one operation, with every component it references, out of an official Voucherify spec.

    python scripts/extract_operation.py ../shared/voucherify/openapi/products.json /v1/products get \
        > specs/voucherify/products.json
"""

from __future__ import annotations

import json
import sys
from typing import Any


def extract(spec: dict[str, Any], path: str, method: str, source: str) -> dict[str, Any]:
    operation = spec["paths"][path][method]
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


if __name__ == "__main__":
    source, path, method = sys.argv[1:4]
    with open(source) as handle:
        document = extract(json.load(handle), path, method, source.split("shared/")[-1])
    json.dump(document, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
