"""What every repository shares: the unit of work's connection, the dialect, the fast paths."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Table, insert

if TYPE_CHECKING:
    from ..uow import UnitOfWork


class Repository:
    def __init__(self, uow: "UnitOfWork") -> None:
        self._uow = uow
        self._pg = uow.dialect == "postgresql"

    @property
    def _conn(self) -> Connection:
        return self._uow.connection

    def _execute(self, statement: Any, parameters: Any = None):  # noqa: ANN401, ANN202
        return self._conn.execute(statement, parameters)

    def _upsert(self, table: Table):  # noqa: ANN202
        """INSERT ... ON CONFLICT for this dialect."""
        if self._pg:
            from sqlalchemy.dialects.postgresql import insert as pg_insert
            return pg_insert(table)
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert
        return sqlite_insert(table)

    def _cursor(self):  # noqa: ANN202
        """The psycopg cursor of this unit of work's connection, inside the same transaction."""
        return self._conn.connection.driver_connection.cursor()

    def _bulk_insert(self, table: Table, rows: list[dict[str, Any]]) -> None:
        """Insert many rows cheaply: COPY on PostgreSQL (one stream, no per-row statements), the
        driver's executemany on SQLite. Every row has the same keys."""
        if not rows:
            return
        if not self._pg:
            self._execute(insert(table), rows)
            return
        columns = list(rows[0])
        if self._uow.pipelining:  # COPY waits for the server; a pipelined INSERT does not
            with self._cursor() as cur:
                cur.executemany(f"INSERT INTO {table.name} ({', '.join(columns)}) "
                                f"VALUES ({', '.join(['%s'] * len(columns))})",
                                [[row[c] for c in columns] for row in rows])
            return
        with self._cursor() as cur:
            with cur.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([row[c] for c in columns])
