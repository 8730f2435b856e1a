"""Recording runs into vcrpy cassettes, replaying them offline, scanning them for secrets, rechecking them."""

from conformance.cassette.header import CassetteError, build_header
from conformance.cassette.recording import RECORD_MODES, REPLAY_MODES, label_cassette, read_header, recording

__all__ = [
    "RECORD_MODES",
    "REPLAY_MODES",
    "CassetteError",
    "build_header",
    "label_cassette",
    "read_header",
    "recording",
]
