"""Recording runs into vcrpy cassettes, replaying them offline, scanning them for secrets, rechecking them."""

from conformance.cassette.errors import (
    CassetteError,
    ChangedInputs,
    IncompleteCassette,
    NotACassette,
    NothingToRecheck,
    ReplayMiss,
    UnreadableCassette,
)
from conformance.cassette.header import NOT_REQUEST_SHAPING, REQUEST_SHAPING, build_header, request_shaping_files
from conformance.cassette.reader import CassetteFile, read_cassette, read_header
from conformance.cassette.recording import (
    RECORD_MODES,
    REPLAY_MODES,
    label_cassette,
    recording,
    replay_miss,
    use_cassette,
)

__all__ = [
    "NOT_REQUEST_SHAPING",
    "RECORD_MODES",
    "REPLAY_MODES",
    "REQUEST_SHAPING",
    "CassetteError",
    "CassetteFile",
    "ChangedInputs",
    "IncompleteCassette",
    "NotACassette",
    "NothingToRecheck",
    "ReplayMiss",
    "UnreadableCassette",
    "build_header",
    "label_cassette",
    "read_cassette",
    "read_header",
    "recording",
    "replay_miss",
    "request_shaping_files",
    "use_cassette",
]
