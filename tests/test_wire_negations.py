"""A negative case whose mutations inside a deepObject never reach the wire is no negative case: accepting it is
right (Loyalty v2's rewards: `junction: []` is not sent, `$has_value` turned into the string "" it admits). A
mutation the query string does carry is still judged: accepting it is a defect."""

from __future__ import annotations

from typing import Any

import pytest

from conformance.leniency import NEGATIVE, Negation, Sent, documented_leniency

STRING_OR_ONE = {"oneOf": [{"type": "string"}, {"type": "array", "maxItems": 1}, {"type": "null"}]}
UP_TO_TWO = {
    "oneOf": [{"type": "string"}, {"type": "array", "minItems": 1, "maxItems": 2, "items": {"type": "string"}}]
}
KIND = {"type": "string", "enum": ["MATERIAL", "DIGITAL"]}
FILTERS = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "junction": {"oneOf": [{"type": "string", "enum": ["AND", "OR"]}, {"type": "null"}]},
        "name": {
            "oneOf": [
                {
                    "type": "object",
                    "properties": {
                        "conditions": {
                            "type": "object",
                            "properties": {"$has_value": STRING_OR_ONE, "$in": UP_TO_TWO, "$is": KIND},
                        }
                    },
                },
                {"type": "null"},
            ]
        },
    },
}
SPEC: dict[str, Any] = {"openapi": "3.1.0", "paths": {}, "components": {"schemas": {"Filters": FILTERS}}}
OPERATION = {
    "parameters": [
        {"name": "filters", "in": "query", "style": "deepObject", "schema": {"$ref": "#/components/schemas/Filters"}},
        {"name": "order", "in": "query", "schema": KIND},
    ]
}
JUNCTION = Negation("query", "junction", path=("filters", "junction"))
HAS_VALUE = Negation("query", "$has_value", path=("filters", "name", "conditions", "$has_value"))
IN = Negation("query", "$in", path=("filters", "name", "conditions", "$in"))
IS = Negation("query", "$is", path=("filters", "name", "conditions", "$is"))
ORDER = Negation("query", "order", path=("order",))
PREFIX = "filters[name][conditions]"


@pytest.mark.parametrize(
    ("query", "negations", "accepted_rightly"),
    [
        # The Loyalty v2 case: both mutations are lost on the way (the request sent is schema-valid).
        ({"filters[junction]": [], f"{PREFIX}[$has_value]": ""}, (JUNCTION, HAS_VALUE), True),
        ({f"{PREFIX}[$in][0]": "a", f"{PREFIX}[$in][1]": "b"}, (IN,), True),  # an array within its size
        # Carried by the wire: a value its schema refuses.
        ({f"{PREFIX}[$in][0]": "a", f"{PREFIX}[$in][1]": "b", f"{PREFIX}[$in][2]": "c"}, (IN,), False),
        ({f"{PREFIX}[$is]": "GIFT"}, (IS,), False),
        ({"filters[junction]": "XOR"}, (JUNCTION,), False),
        ({"filters[junction]": [], f"{PREFIX}[$is]": "GIFT"}, (JUNCTION, IS), False),  # one lost, one carried
        ({"order": "zzz"}, (ORDER,), False),  # a top-level value: Schemathesis judges those as sent itself
        ({"order": ""}, (ORDER,), True),  # an empty optional value, which a server may read as no value
    ],
)
def test_a_deep_mutation_counts_only_as_the_wire_carries_it(
    query: dict[str, Any], negations: tuple[Negation, ...], accepted_rightly: bool
) -> None:
    assert documented_leniency(NEGATIVE, Sent(query, negations=negations), OPERATION, SPEC) is accepted_rightly
