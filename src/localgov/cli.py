"""The `localgov` console command.

`localgov <command> [args...]` runs the Django management command of that name, so
`localgov units convert "..." --json`, `localgov calendar day 2025-09-01 --json`,
`localgov load units`, `localgov audit verify`, `localgov demo` and `localgov serve`
all live as management commands inside their own domain app.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localgov.settings")
    args = list(sys.argv[1:] if argv is None else argv)
    # the entry point: Django is imported once the settings module is named
    from django.core.management import execute_from_command_line

    if not args or args[0] in {"-h", "--help"}:
        execute_from_command_line(["localgov", "help"])
        return
    execute_from_command_line(["localgov", *args])


if __name__ == "__main__":
    main()
