"""Great Expectations on DuckDB, validated in place through SQL.

GX 1.x has no DuckDB datasource, and through the generic SQL datasource every expectation
fails with `IndexError: list index out of range` (GX issues #10738, #11579): GX fetches results
after handing the connection back to the pool, and DuckDB has dropped them by then. GX already
keeps one persistent connection for the dialects that need it (SQLite, SQL Server, …); this
module registers a `duckdb` fluent datasource — GX's own extension point, as its SQLite
datasource is built — whose execution engine always does the same.
"""

from __future__ import annotations

from collections.abc import Generator
from contextlib import contextmanager
from typing import Literal

import sqlalchemy
from great_expectations.datasource.fluent import SQLDatasource
from great_expectations.execution_engine import SqlAlchemyExecutionEngine


class PersistentConnectionExecutionEngine(SqlAlchemyExecutionEngine):
    """Runs every query on one connection, kept until close()."""

    @contextmanager
    def get_connection(self) -> Generator[sqlalchemy.Connection, None, None]:
        if not self._connection:
            self._connection = self.engine.connect()
        yield self._connection

    def close(self) -> None:
        if self._connection:
            self._connection.close()
            self._connection = None
        super().close()


class DuckDBDatasource(SQLDatasource):
    """`context.data_sources.add_duckdb(name=..., connection_string="duckdb:///path")`."""

    type: Literal["duckdb"] = "duckdb"  # type: ignore[assignment]

    @property
    def execution_engine_type(self) -> type[SqlAlchemyExecutionEngine]:
        return PersistentConnectionExecutionEngine
