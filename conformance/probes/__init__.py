"""Multi-request probes of list operations, for what one response cannot show."""

from conformance.probes.plan import PROBE_CHECKS, run_plan
from conformance.probes.prober import Prober

__all__ = ["PROBE_CHECKS", "Prober", "run_plan"]
