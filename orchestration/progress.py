"""A build's progress on the terminal: one live bar over the build's steps, naming the step at
work and what it last finished (a landed source with its rows, a dbt model, a check); warnings
and errors are printed above the bar. On a terminal only: logs and CI get the result alone.

Steps report finer progress (dbt's models as they finish) on the Python logger PROGRESS: it goes
to the bar alone, not into the run's event log."""

from __future__ import annotations

import logging
import sys

import dagster as dg
from tqdm import tqdm

DONE = {
    dg.DagsterEventType.STEP_SUCCESS,
    dg.DagsterEventType.STEP_FAILURE,
    dg.DagsterEventType.STEP_SKIPPED,
}


class ProgressHandler(logging.Handler):
    def __init__(self, steps: int):
        super().__init__(logging.DEBUG)
        # narrower than any terminal: a bar as wide as the screen wraps when it is cleared
        self.bar = tqdm(
            total=steps, unit="step", file=sys.stderr, disable=None, leave=False, ncols=110
        )

    def emit(self, record: logging.LogRecord) -> None:
        if not hasattr(record, "dagster_meta"):  # a line of a step's own, on PROGRESS
            self.bar.set_postfix_str(record.getMessage())
            return
        event: dg.DagsterEvent | None = getattr(record, "dagster_event", None)
        if event is None:
            if record.levelno >= logging.WARNING:
                tqdm.write(record.getMessage(), file=sys.stderr)
            return
        if event.event_type == dg.DagsterEventType.STEP_START:
            self.bar.set_description(event.step_key)
        elif event.event_type in DONE:
            self.bar.update(1)
        elif event.event_type == dg.DagsterEventType.ASSET_MATERIALIZATION:
            materialization = event.event_specific_data.materialization
            rows = materialization.metadata.get("dagster/row_count")
            done = materialization.asset_key.to_user_string()
            self.bar.set_postfix_str(f"{done}: {rows.value:,} rows" if rows else done)
        elif event.event_type == dg.DagsterEventType.RUN_SUCCESS or event.is_run_failure:
            self.bar.close()
            if not self.bar.disable:
                sys.stderr.write("\r")  # the cleared bar leaves the cursor at its end


PROGRESS = logging.getLogger("talentflow.progress")


@dg.logger(config_schema={"steps": int}, description="a live progress bar on the terminal")
def progress_logger(init_context: dg.InitLoggerContext) -> logging.Logger:
    PROGRESS.handlers = [ProgressHandler(init_context.logger_config["steps"])]
    PROGRESS.setLevel(logging.DEBUG)
    PROGRESS.propagate = False
    return PROGRESS
