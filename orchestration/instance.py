"""The Dagster instance that builds record their runs in (Settings.dagster_home), and its storage.

Dagster's SQLite storages create a database engine for every event they write and dispose of it
afterwards: every statement is compiled again (SQLAlchemy caches compiled statements per
engine) and every event opens and closes its database files. A build writes about a thousand
events (steps, materializations, dbt tests, checks) whatever the size of its data: about 10 s
of a 200-person build's 47 s (BENCHMARKS.md, notes). The storages here are Dagster's own, same
files and schema, keeping one engine per database file; the webserver of `make dev` reads them
like any SQLite instance. tests/unit/test_instance.py fails if Dagster renames what they
override.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dagster._core.instance.ref import _event_logs_directory, _runs_directory
from dagster._core.storage.event_log.sqlite.sqlite_event_log import (
    INDEX_SHARD_NAME,
    SqliteEventLogStorage,
)
from dagster._core.storage.runs.sqlite.sqlite_run_storage import SqliteRunStorage
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS, create_db_conn_string
from sqlalchemy import Engine, create_engine

# The run databases an event log storage keeps an engine for (the newest used), besides the
# index: a build writes to one; the webserver reads many over its life.
OPEN_RUN_DATABASES = 4


def _engine(conn_string: str, connect_args: dict) -> Engine:
    # pooled connections move between Dagster's threads (the event watcher, the executor)
    return create_engine(conn_string, connect_args={**connect_args, "check_same_thread": False})


class PooledSqliteEventLogStorage(SqliteEventLogStorage):
    """Dagster's SQLite event log (one database per run and an index), an engine per database."""

    def __init__(self, base_dir: str, inst_data=None):
        self._index_engine = _engine(
            create_db_conn_string(base_dir, INDEX_SHARD_NAME),
            {"timeout": SQLITE_BUSY_TIMEOUT_SECONDS},
        )
        self._run_engines: OrderedDict[str, Engine] = OrderedDict()  # least recently used first
        super().__init__(base_dir, inst_data=inst_data)

    @classmethod
    def from_config_value(cls, inst_data, config_value):
        return cls(inst_data=inst_data, **config_value)

    def _engine_for_shard(self, shard: str) -> Engine:
        if shard == INDEX_SHARD_NAME:
            return self._index_engine
        if shard in self._run_engines:
            self._run_engines.move_to_end(shard)
            return self._run_engines[shard]
        engine = _engine(
            self.conn_string_for_shard(shard), {"timeout": SQLITE_BUSY_TIMEOUT_SECONDS}
        )
        self._run_engines[shard] = engine
        if len(self._run_engines) > OPEN_RUN_DATABASES:
            self._run_engines.popitem(last=False)[1].dispose()
        return engine

    @contextmanager
    def _connect(self, shard: str) -> Iterator:
        with self._db_lock:
            engine = self._engine_for_shard(shard)
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
            with engine.connect() as conn, conn.begin():
                yield conn

    def has_table(self, table_name: str) -> bool:
        # asked at every asset and check event, from inside index transactions: no lock here
        with self._index_engine.connect() as conn:
            return bool(self._index_engine.dialect.has_table(conn, table_name))

    def dispose(self) -> None:
        super().dispose()
        with self._db_lock:
            while self._run_engines:
                self._run_engines.popitem()[1].dispose()
            self._index_engine.dispose()


class PooledSqliteRunStorage(SqliteRunStorage):
    """Dagster's SQLite run storage, one engine for its database."""

    def __init__(self, conn_string: str, inst_data=None):
        self._engine = _engine(conn_string, {})
        super().__init__(conn_string, inst_data=inst_data)

    @classmethod
    def from_config_value(cls, inst_data, config_value):
        return cls.from_local(inst_data=inst_data, **config_value)

    @contextmanager
    def connect(self) -> Iterator:
        with self._engine.connect() as conn, conn.begin():
            yield conn

    def dispose(self) -> None:
        super().dispose()
        self._engine.dispose()


def instance_config(dagster_home: Path) -> str:
    """dagster.yaml of a new instance: no telemetry, no first-run banner; runs and events in
    SQLite under `dagster_home`, where Dagster keeps them by default, through the storages
    above."""
    home = str(dagster_home.resolve())
    # JSON strings are YAML strings: any path stays one value
    return (
        "telemetry:\n  enabled: false\n"
        "run_storage:\n  module: orchestration.instance\n  class: PooledSqliteRunStorage\n"
        f"  config:\n    base_dir: {json.dumps(_runs_directory(home))}\n"
        "event_log_storage:\n  module: orchestration.instance\n"
        "  class: PooledSqliteEventLogStorage\n"
        f"  config:\n    base_dir: {json.dumps(_event_logs_directory(home))}\n"
    )


def ensure_instance(dagster_home: Path) -> None:
    """Create `dagster_home` with instance_config, unless it has a dagster.yaml: an instance of
    the user's own (another storage, telemetry on) is left as it is."""
    dagster_home.mkdir(parents=True, exist_ok=True)
    config = dagster_home / "dagster.yaml"
    if not config.exists():
        config.write_text(instance_config(dagster_home), "utf-8")
