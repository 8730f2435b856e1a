"""`conformance sdk`: gate releases of the official Python SDK on the spec (see docs/sdk.md)."""

from conformance.sdk.environment import DEFAULT_SDK, SdkEnv, ensure_sdk
from conformance.sdk.gate import SdkSettings, run_sdk_gate

__all__ = ["DEFAULT_SDK", "SdkEnv", "SdkSettings", "ensure_sdk", "run_sdk_gate"]
