"""Multi-request probes of list operations, for what one response cannot show."""

from conformance.probes.negatives import AUTH, probe_auth
from conformance.probes.plan import PROBE_CHECKS, Step, plan_steps, run_plan, run_step
from conformance.probes.prober import OperationProbe, Prober

__all__ = [
    "AUTH",
    "PROBE_CHECKS",
    "OperationProbe",
    "Prober",
    "Step",
    "plan_steps",
    "probe_auth",
    "run_plan",
    "run_step",
]
