"""The ranges of the database's integer columns, the bounds of every number a caller sends
that reaches a query. Outside them SQLite cannot bind the value (OverflowError) and PostgreSQL
refuses it (out of range): a caller's mistake must be a 422 with a reason, never a 500.
Pure: no Django import."""

from __future__ import annotations

#: PositiveSmallIntegerField (dossier states, ratings): PostgreSQL smallint.
SMALLINT_MAX = 2**15 - 1
#: IntegerField / PositiveIntegerField (the dossier's version): PostgreSQL integer.
INT_MAX = 2**31 - 1
#: BigAutoField ids and BigIntegerField amounts: PostgreSQL bigint, SQLite's INTEGER.
BIGINT_MAX = 2**63 - 1
#: The deepest page of a list (rows skipped): beyond any table here, and far enough below
#: BIGINT_MAX that OFFSET + LIMIT stays in range.
MAX_OFFSET = INT_MAX
