"""The `localgov` console command.

`localgov <command> [args...]` runs localgov's management command of that name (each lives in its
own domain app: `localgov units convert "..." --json`, `localgov calendar day 2025-09-01`,
`localgov load units`, `localgov audit verify`, `localgov demo`, `localgov serve`, …), with
argparse's messages in Vietnamese (core/cli_text.py) and a command's error as "Lỗi: …".

`localgov --help` lists localgov's commands by group, each with the first line of its `help`;
Django's own commands are under `localgov django <command>` (`localgov django help` lists them).
The few a person running localgov needs (migrate, runserver, createsuperuser, changepassword) are
also listed and run directly, and any other Django command given directly still runs, as before.
"""

from __future__ import annotations

import os
import sys
from difflib import get_close_matches

from localgov.core.cli_text import vietnamese_argparse

DESCRIPTION = (
    "localgov — phần mềm mã nguồn mở vận hành và giám sát chính quyền địa phương hai cấp: bộ phận một cửa "
    "và hồ sơ thủ tục hành chính, đơn vị hành chính sau sắp xếp, nhân sự cấp xã, chi trả chính sách cho "
    "người nghỉ việc, số liệu giám sát và báo cáo."
)

#: The groups of `localgov --help`, in order. A localgov command not named here is listed under
#: OTHER; Django's commands named here run directly too (see the module's docstring).
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Cài đặt và vận hành", ("demo", "serve", "migrate", "createsuperuser", "changepassword", "runserver",
                             "backup", "restore")),
    ("Dữ liệu tham chiếu", ("load", "units", "calendar", "catalog")),
    ("Hồ sơ, phân quyền và kiểm tra", ("access", "audit")),
    ("Giám sát và báo cáo", ("report", "facts", "simulate")),
    ("Nhân sự và chính sách", ("workforce", "payouts")),
)
OTHER = "Lệnh khác"

#: One-line Vietnamese descriptions of the Django commands listed in GROUPS.
DJANGO_LISTED: dict[str, str] = {
    "migrate": "Tạo hoặc cập nhật cấu trúc cơ sở dữ liệu (chạy sau mỗi lần nâng cấp)",
    "createsuperuser": "Tạo tài khoản quản trị hệ thống",
    "changepassword": "Đổi mật khẩu một tài khoản",
    "runserver": "Máy chủ web cho phát triển (vận hành thật: localgov serve)",
}

PROG = "localgov"


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localgov.settings")
    # Django's modules load after _setup() has named the settings (the docstring)
    import django

    django.setup()


def localgov_commands() -> dict[str, str]:
    """localgov's own management commands: name → app (`localgov.<app>`)."""
    # Django's modules load after _setup() has named the settings (the docstring)
    from django.core.management import get_commands

    return {name: app for name, app in get_commands().items() if app == "localgov" or app.startswith("localgov.")}


def summary(help_text: str) -> str:
    """The first line of a command's help, without its final full stop."""
    line = (help_text or "").strip().splitlines()[0] if (help_text or "").strip() else ""
    return line.rstrip(".")


def main_help() -> str:
    # Django's modules load after _setup() has named the settings (the docstring)
    from django.core.management import load_command_class

    ours = localgov_commands()
    lines = [DESCRIPTION, "", f"Cách dùng: {PROG} <lệnh> [tham số...]",
             f"           {PROG} <lệnh> --help     tham số của một lệnh", ""]
    placed: set[str] = set()
    groups = [(title, [n for n in names if n in ours or n in DJANGO_LISTED]) for title, names in GROUPS]
    placed = {n for _, names in groups for n in names}
    rest = sorted(set(ours) - placed)
    if rest:
        groups.append((OTHER, rest))
    width = max(len(n) for _, names in groups for n in names) + 2
    for title, names in groups:
        if not names:
            continue
        lines.append(f"{title}:")
        for name in names:
            text = (summary(load_command_class(ours[name], name).help) if name in ours else DJANGO_LISTED[name])
            lines.append(f"  {name:<{width}}{text}")
        lines.append("")
    lines.append(f"Các lệnh khác của Django: {PROG} django <lệnh> (danh sách: {PROG} django help).")
    return "\n".join(lines)


def run_command(name: str, app: str, argv: list[str]) -> None:
    """Django's BaseCommand.run_from_argv for one of localgov's commands, with the option help in
    Vietnamese and a CommandError reported as "Lỗi: …" (exit status of the error, no traceback)."""
    # Django's modules load after _setup() has named the settings (the docstring)
    from django.core.management import load_command_class
    from django.core.management.base import CommandError, SystemCheckError, handle_default_options
    from django.db import connections

    # Django's modules load after _setup() has named the settings (the docstring)
    from localgov.core.cli_text import localise_parser

    command = load_command_class(app, name)
    command._called_from_command_line = True
    parser = localise_parser(command.create_parser(PROG, name))
    options = parser.parse_args(argv)
    cmd_options = vars(options)
    args = cmd_options.pop("args", ())
    handle_default_options(options)
    try:
        command.execute(*args, **cmd_options)
    except CommandError as exc:
        if options.traceback:
            raise
        if isinstance(exc, SystemCheckError):
            command.stderr.write(str(exc), lambda x: x)
        else:
            command.stderr.write(f"Lỗi: {exc}")
        sys.exit(exc.returncode)
    finally:
        connections.close_all()


def _print_command_help(name: str) -> None:
    # Django's modules load after _setup() has named the settings (the docstring)
    from localgov.core.cli_text import localise_parser

    ours = localgov_commands()
    if name in ours:
        # Django's modules load after _setup() has named the settings (the docstring)
        from django.core.management import load_command_class

        localise_parser(load_command_class(ours[name], name).create_parser(PROG, name)).print_help()
        return
    # Django's modules load after _setup() has named the settings (the docstring)
    from django.core.management import execute_from_command_line, get_commands

    if name not in get_commands():
        _unknown(name)
    execute_from_command_line([PROG, "help", name])


def _unknown(name: str) -> None:
    # Django's modules load after _setup() has named the settings (the docstring)
    from django.core.management import get_commands

    names = [*localgov_commands(), *DJANGO_LISTED]
    close = get_close_matches(name, names, n=1)
    hint = f" Có phải ý bạn là «{close[0]}»?" if close else ""
    if name in get_commands():  # pragma: no cover - Django's commands are run before this is reached
        hint = f" Đây là lệnh của Django: {PROG} django {name}."
    sys.stderr.write(f"{PROG}: không có lệnh «{name}».{hint}\nXem các lệnh: {PROG} --help\n")
    sys.exit(1)


def dispatch(args: list[str]) -> None:
    # Django's modules load after _setup() has named the settings (the docstring)
    from django.core.management import execute_from_command_line, get_commands

    if not args or args[0] in {"-h", "--help"} or args == ["help"]:
        sys.stdout.write(main_help() + "\n")
        return
    if args[0] in {"--version", "version"}:
        # Django's modules load after _setup() has named the settings (the docstring)
        from importlib.metadata import version

        sys.stdout.write(f"{PROG} {version('localgov')}\n")
        return
    if args[0] == "help":  # `localgov help catalog`
        _print_command_help(args[1])
        return
    if args[0] == "django":
        execute_from_command_line([f"{PROG} django", *args[1:]])
        return
    ours = localgov_commands()
    if args[0] in ours:
        run_command(args[0], ours[args[0]], args[1:])
    elif args[0] in get_commands():
        execute_from_command_line([PROG, *args])
    else:
        _unknown(args[0])


def main(argv: list[str] | None = None) -> None:

    args = list(sys.argv[1:] if argv is None else argv)
    _setup()
    try:
        with vietnamese_argparse():
            dispatch(args)
    except BrokenPipeError:  # `localgov catalog search … | head`: the reader left; no traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)


if __name__ == "__main__":
    main()
