"""Settings the foundation promises: Vietnamese first with English, Asia/Ho_Chi_Minh, Argon2,
the SQLite default under var/ in WAL mode."""

from django.conf import settings
from django.db import connection


def test_language_time_zone_and_hasher():
    assert settings.LANGUAGE_CODE == "vi"
    assert [code for code, _ in settings.LANGUAGES] == ["vi", "en"]
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh" and settings.USE_TZ
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_sqlite_runs_in_wal_mode(db):
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cur:
        cur.execute("PRAGMA journal_mode")
        mode = cur.fetchone()[0]
    # The test database is in memory ("memory" journal); a file database reports "wal".
    assert mode in {"wal", "memory"}
