"""OpenAPI Generator's Python naming rules: spec names -> SDK class, method, model and argument names.

Mirrors `AbstractPythonCodegen` (toModelName, toApiName, toOperationId, toParamName) for the names a
Voucherify spec uses; a name the SDK spells otherwise shows up as "not in the SDK", never as a crash.
"""

from __future__ import annotations

import keyword
import re

_NON_WORD = re.compile(r"\W+")
_CAMEL_BOUNDARY = re.compile(r"([a-z\d])([A-Z])")
_ACRONYM_BOUNDARY = re.compile(r"([A-Z]+)([A-Z][a-z][a-z]+)")
# Words the generator escapes in models (pydantic and typing names clash with generated classes).
_RESERVED_MODELS = frozenset(("date", "datetime", "float", "int", "object", "str", "list", "dict", "bool"))


def sanitize(name: str) -> str:
    """Every run of non-word characters becomes one underscore (`list-customers` -> `list_customers`)."""
    return _NON_WORD.sub("_", name).strip("_")


def camelize(name: str) -> str:
    """PascalCase of the underscore-separated words; the rest of each word keeps its case."""
    return "".join(word[:1].upper() + word[1:] for word in sanitize(name).split("_") if word)


def underscore(name: str) -> str:
    """snake_case of a camelCase or PascalCase name (`listSKUsInProduct` -> `list_skus_in_product`)."""
    name = _ACRONYM_BOUNDARY.sub(r"\1_\2", sanitize(name))
    return _CAMEL_BOUNDARY.sub(r"\1_\2", name).replace("-", "_").lower()


def model_name(component: str) -> str:
    """The SDK model class for a `#/components/schemas/<component>` name."""
    name = camelize(component)
    if name.lower() in _RESERVED_MODELS or keyword.iskeyword(name.lower()):
        return f"Model{name}"
    return f"Model{name}" if name[:1].isdigit() else name


def inline_model_name(operation_id: str, status: str = "200") -> str:
    """The model OpenAPI Generator makes for an inline (un-$ref'd) response schema."""
    return camelize(f"{operation_id}_{status}_response")


def api_class(tag: str) -> str:
    """The `<Tag>Api` class that holds a tag's operations (`Validation Rules` -> `ValidationRulesApi`)."""
    return f"{camelize(tag)}Api"


def method_name(operation_id: str) -> str:
    """The SDK method of an operationId (`list-customers` -> `list_customers`)."""
    words = sanitize(operation_id).split("_")
    camel = words[0] + "".join(word[:1].upper() + word[1:] for word in words[1:])
    name = underscore(camel)
    return f"call_{name}" if keyword.iskeyword(name) else name


def param_name(name: str) -> str:
    """The SDK argument of a query parameter (`created_at[before]` -> `created_at_before`)."""
    name = underscore(name)
    return f"var_{name}" if keyword.iskeyword(name) or name in ("property", "self") else name
