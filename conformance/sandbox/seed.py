"""Deterministic, realistic customer records for the sandbox store."""

from __future__ import annotations

import random
import string
from dataclasses import dataclass
from typing import Any

from conformance.timestamps import format_micros, parse_rfc3339

DEFAULT_CUSTOMERS = 500
DEFAULT_SEED = 20180801
SEGMENT_IDS = ("seg_1wOz2dKGQ3kFRmHNb9gzrjd8", "seg_DNAOVLuTzyX5XnDI2aCsnqFB", "seg_VxZcHk0ZdwBr5ebR6sPFb1BQ")

_FIRST = ("Bob", "Jane", "Anna", "Piotr", "Maria", "John", "Élodie", "Zoë", "Ahmed", "Li", "Sven", "Olga", "Tomás")
_LAST = ("Smith", "Nowak", "García", "Müller", "Kowalska", "Chen", "O'Brien", "Dubois", "Rossi", "Tanaka", "Berg")
_CITIES = ("New York", "Warsaw", "Berlin", "Kraków", "São Paulo", "Tokyo", "Paris", "Austin", "new york", "Zürich")
_COUNTRIES = ("United States", "Poland", "Germany", "Brazil", "Japan", "France", "Switzerland")
_CAMPAIGNS = ("Christmas Campaign", "Fall Campaign", "Summer Campaign", "Spring Campaign")
_NULLABLE = frozenset({"address", "summary", "loyalty", "referrals"})
_START = parse_rfc3339("2022-01-03T08:00:00.000Z") or 0


@dataclass(frozen=True)
class CustomerRecord:
    """One customer: its JSON document plus the columns the store filters and sorts on."""

    id: str
    source_id: str
    name: str | None
    email: str | None
    city: str | None
    created_at: int
    updated_at: int
    segments: tuple[str, ...]
    document: dict[str, Any]


def generate_customers(count: int = DEFAULT_CUSTOMERS, seed: int = DEFAULT_SEED) -> list[CustomerRecord]:
    """Build `count` customers; the same arguments always give the same records."""
    rng = random.Random(seed)
    created = _START
    records: list[CustomerRecord] = []
    for index in range(count):
        # About one customer in eight shares its creation instant with the previous one (bulk imports).
        if index == 0 or rng.random() > 0.125:
            created += rng.randint(1, 36 * 3_600_000) * 1000
        records.append(_customer(rng, index, created))
    return records


def _customer(rng: random.Random, index: int, created: int) -> CustomerRecord:
    first, last = rng.choice(_FIRST), rng.choice(_LAST)
    name = f"{first} {last}" if rng.random() > 0.05 else None
    email = f"{_ascii(first)}.{_ascii(last)}{index}@example.com".lower() if rng.random() > 0.08 else None
    updated = _updated_at(rng, created)
    address = _address(rng)
    customer_id = "cust_" + "".join(rng.choices(string.ascii_letters + string.digits, k=24))
    source_id = _source_id(rng, index, email)
    document: dict[str, Any] = {
        "id": customer_id,
        "source_id": source_id,
        "name": name,
        "description": rng.choice(("A frequent customer", "A nice customer", "VIP", None)),
        "email": email,
        "phone": f"+1 933 222 {rng.randint(1000, 9999)}" if rng.random() > 0.3 else None,
        "birthdate": f"19{rng.randint(50, 99)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "address": address,
        "summary": _summary(rng),
        "loyalty": _loyalty(rng),
        "referrals": _referrals(rng, created),
        "metadata": {"lang": rng.choice(("en", "pl", "de")), "test": rng.random() < 0.2},
        "system_metadata": {},
        "created_at": format_micros(created),
        "updated_at": format_micros(updated),
        "assets": {
            "cockpit_url": f"https://sandbox.example/cockpit/{customer_id}",
            "cockpit_preference_center_url": f"https://sandbox.example/preferences/{customer_id}",
        },
        "object": "customer",
    }
    if rng.random() < 0.1:
        document["birthday"] = document["birthdate"]
    # Absent rather than null: the spec declares only these fields nullable.
    document = {key: value for key, value in document.items() if value is not None or key in _NULLABLE}
    segments = tuple(segment for segment in SEGMENT_IDS if rng.random() < 0.3)
    city = address["city"] if address else None
    return CustomerRecord(customer_id, source_id, name, email, city, created, updated, segments, document)


def _ascii(word: str) -> str:
    return "".join(ch for ch in word if ch.isascii() and ch.isalpha())


def _source_id(rng: random.Random, index: int, email: str | None) -> str:
    style = rng.random()
    if style < 0.4 and email:
        return email
    if style < 0.7:
        return f"source_{index:05d}"
    # Mixed case and digits, so that byte order and case-insensitive order differ.
    return "".join(rng.choices(string.ascii_letters + string.digits + "_-", k=rng.randint(6, 14)))


def _updated_at(rng: random.Random, created: int) -> int:
    roll = rng.random()
    if roll < 0.25:
        return created
    if roll < 0.35:
        # Round to the hour: unrelated customers end up sharing an update instant.
        return created - created % 3_600_000_000 + 3_600_000_000
    return created + rng.randint(1, 90 * 24 * 3600) * 1_000_000 + rng.randint(0, 999) * 1000


def _address(rng: random.Random) -> dict[str, str] | None:
    if rng.random() < 0.2:
        return None
    address = {
        "city": rng.choice(_CITIES),
        "state": rng.choice(("NY", "TX", "MZ", "BE")),
        "line_1": f"{rng.randint(1, 999)} Main St.",
        "line_2": f"APT {rng.randint(1, 40)}",
        "country": rng.choice(_COUNTRIES),
        "postal_code": f"{rng.randint(10000, 99999)}",
    }
    if rng.random() < 0.1:
        del address["line_2"]
    return address


def _summary(rng: random.Random) -> dict[str, Any] | None:
    if rng.random() < 0.05:
        return None
    succeeded = rng.randint(0, 6)
    failed = rng.randint(0, 2)
    rolled_back = rng.randint(0, succeeded)
    count = rng.randint(0, 5)
    total = count * rng.randint(500, 90000)
    orders: dict[str, Any] = {
        "total_amount": total,
        "total_count": count,
        "average_amount": total // count if count else 0,
        "last_order_amount": total // count if count else 0,
    }
    if count:
        orders["last_order_date"] = format_micros(_START + rng.randint(0, 10**15))
    return {
        "redemptions": {
            "total_redeemed": succeeded + failed,
            "total_failed": failed,
            "total_succeeded": succeeded,
            "total_rolled_back": rolled_back,
            "total_rollback_failed": 0,
            "total_rollback_succeeded": rolled_back,
            "gift": {"redeemed_amount": rng.choice((0, 0, 1500)), "amount_to_go": rng.choice((0, 5000))},
            "loyalty_card": {"redeemed_points": rng.randint(0, 300), "points_to_go": rng.randint(0, 20000)},
        },
        "orders": orders,
    }


def _loyalty(rng: random.Random) -> dict[str, Any] | None:
    if rng.random() < 0.05:
        return None
    campaigns: dict[str, Any] = {}
    for campaign in rng.sample(_CAMPAIGNS, rng.randint(0, len(_CAMPAIGNS))):
        entry: dict[str, Any] = {"points": rng.randint(0, 5000), "referred_customers": rng.randint(0, 3)}
        if rng.random() < 0.3:
            entry["loyalty_tier"] = "ltr_" + "".join(rng.choices(string.ascii_letters, k=24))
        campaigns[campaign] = entry
    return {
        "points": sum(entry["points"] for entry in campaigns.values()),
        "referred_customers": sum(entry["referred_customers"] for entry in campaigns.values()),
        "campaigns": campaigns,
    }


def _referrals(rng: random.Random, created: int) -> dict[str, Any] | None:
    if rng.random() < 0.05:
        return None
    campaigns = [
        {
            "campaign_id": "camp_" + "".join(rng.choices(string.ascii_letters, k=24)),
            "referrer_id": "cust_" + "".join(rng.choices(string.ascii_letters, k=24)),
            "related_object_id": f"r_{rng.getrandbits(72):018x}",
            "related_object_type": "redemption",
            "date": format_micros(created + rng.randint(1, 10**11)),
        }
        for _ in range(rng.randint(0, 2))
    ]
    return {"total": len(campaigns), "campaigns": campaigns}
