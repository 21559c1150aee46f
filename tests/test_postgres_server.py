"""The PostgreSQL test server helper: a real server that answers SQL and stops cleanly."""
from __future__ import annotations

import pytest

from .pg_server import pg_server  # noqa: F401  (fixture)


@pytest.mark.slow
def test_server_answers_sql_and_stops(pg_server):  # noqa: F811
    import sqlalchemy

    url = pg_server.create_database("probe")
    engine = sqlalchemy.create_engine(url)
    with engine.connect() as connection:
        assert connection.execute(sqlalchemy.text("select 40 + 2")).scalar() == 42
    engine.dispose()
    pg_server.stop()
    assert pg_server.process.poll() is not None
