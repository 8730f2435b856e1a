"""Multi-request probes of list operations, for what one response cannot show."""

from conformance.probes.plan import PROBE_CHECKS, Step, plan_steps, run_plan, run_step
from conformance.probes.prober import Prober

__all__ = ["PROBE_CHECKS", "Prober", "Step", "plan_steps", "run_plan", "run_step"]
