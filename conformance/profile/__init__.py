"""A list operation's profile, read from its spec: paging style, parameters, filters, items and path values."""

from conformance.profile.classify import classify_operations, list_profile
from conformance.profile.model import FilterParam, IntParam, ListProfile, ListStyle, OperationProfile, PathParam
from conformance.profile.parameters import DATE_BOUND
from conformance.profile.reading import (
    CURSOR_NAMES,
    DATE_CURSOR_NAMES,
    ID_CURSOR_NAMES,
    LIMIT_NAMES,
    ORDER_NAMES,
    PAGE_NAMES,
    cursor_prefix,
)

__all__ = [
    "CURSOR_NAMES",
    "DATE_BOUND",
    "DATE_CURSOR_NAMES",
    "ID_CURSOR_NAMES",
    "LIMIT_NAMES",
    "ORDER_NAMES",
    "PAGE_NAMES",
    "FilterParam",
    "IntParam",
    "ListProfile",
    "ListStyle",
    "OperationProfile",
    "PathParam",
    "classify_operations",
    "cursor_prefix",
    "list_profile",
]
