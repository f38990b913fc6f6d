"""The instance builds record their runs in: Dagster's SQLite storage, an engine per database
file (orchestration/instance.py)."""

import inspect

import dagster as dg
from dagster._core.storage.event_log.sqlite import sqlite_event_log
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage
from dagster._core.storage.runs.sql_run_storage import SqlRunStorage
from dagster._core.storage.runs.sqlite import sqlite_run_storage
from dagster._core.storage.runs.sqlite.sqlite_run_storage import SqliteRunStorage

from orchestration.instance import (
    OPEN_RUN_DATABASES,
    PooledSqliteEventLogStorage,
    PooledSqliteRunStorage,
    ensure_instance,
)


@dg.asset
def one() -> int:
    return 1


@dg.asset_check(asset=one)
def one_is_one() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=True)


def _run(instance: dg.DagsterInstance) -> str:
    defs = dg.Definitions(assets=[one], asset_checks=[one_is_one])
    result = defs.resolve_implicit_global_asset_job_def().execute_in_process(instance=instance)
    assert result.success
    return result.run_id


def test_the_overridden_connections_are_the_ones_dagster_uses():
    """An upgrade of Dagster that stopped going through these would leave the pooling unused."""
    assert "self._connect(" in inspect.getsource(SqliteEventLogStorage.run_connection)
    assert "self._connect(" in inspect.getsource(SqliteEventLogStorage.index_connection)
    assert inspect.getsource(SqliteEventLogStorage.store_event).count("_connection(") >= 2
    assert "self.connect()" in inspect.getsource(SqlRunStorage.handle_run_event)


def test_a_run_is_written_through_one_engine_per_file_and_reads_as_any_sqlite_instance(
    tmp_path, monkeypatch
):
    ensure_instance(tmp_path)
    with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
        assert isinstance(instance.event_log_storage, PooledSqliteEventLogStorage)
        assert isinstance(instance.run_storage, PooledSqliteRunStorage)
        # Dagster's own per-event engines are never made
        stock_engines = []
        for module in (sqlite_event_log, sqlite_run_storage):
            monkeypatch.setattr(
                module, "create_engine", lambda *a, **k: stock_engines.append(a) or 1 / 0
            )
        run_id = _run(instance)
        engine = instance.event_log_storage._run_engines[run_id]
        second_run_id = _run(instance)
        assert stock_engines == []
        assert set(instance.event_log_storage._run_engines) == {run_id, second_run_id}
        assert instance.event_log_storage._run_engines[run_id] is engine
    monkeypatch.undo()

    # Dagster's stock storage (what any SQLite instance reads) sees the run and its events
    events = SqliteEventLogStorage(str(tmp_path / "history" / "runs")).get_logs_for_run(run_id)
    types = {event.dagster_event_type for event in events if event.is_dagster_event}
    assert {dg.DagsterEventType.ASSET_MATERIALIZATION, dg.DagsterEventType.RUN_SUCCESS} <= types
    assert dg.DagsterEventType.ASSET_CHECK_EVALUATION in types
    stock_runs = SqliteRunStorage.from_local(str(tmp_path / "history"))
    assert {run.run_id for run in stock_runs.get_runs()} >= {run_id}


def test_engines_of_older_runs_are_let_go(tmp_path):
    ensure_instance(tmp_path)
    with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
        runs = [_run(instance) for _ in range(OPEN_RUN_DATABASES + 1)]
        assert set(instance.event_log_storage._run_engines) == set(runs[1:])
        # a run whose engine was let go is read again
        assert instance.get_run_by_id(runs[0]).is_success
        assert instance.all_logs(runs[0])


def test_an_instance_of_the_users_own_is_left_as_it_is(tmp_path):
    (tmp_path / "dagster.yaml").write_text("telemetry:\n  enabled: true\n")
    ensure_instance(tmp_path)
    assert (tmp_path / "dagster.yaml").read_text() == "telemetry:\n  enabled: true\n"
