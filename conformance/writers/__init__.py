"""Every output of a run is a writer that reads the RunResult: summary.json, junit.xml, Allure, the console."""

from __future__ import annotations

from pathlib import Path

from conformance.result import RunResult
from conformance.writers import junit, summary_json


def write_outputs(result: RunResult, report_dir: Path, allure: bool = True) -> None:
    """summary.json, junit.xml and allure-results/ under `report_dir`."""
    summary_json.write(result, report_dir)
    junit.write(result, report_dir)
    if allure:
        from conformance.writers import allure as allure_writer  # allure_commons loads only when needed

        allure_writer.write(result, report_dir)


__all__ = ["write_outputs"]
