"""`conformance diff`: contract changes between two specs, and what they do to recordings and contradictions."""
