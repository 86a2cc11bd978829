"""localgov: runs and oversees Vietnam's two-tier local government (AGPL-3.0-or-later)."""

__version__ = "0.1.0"
