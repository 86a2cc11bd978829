"""The `localgov` command line speaks Vietnamese: its own grouped help with a description of
localgov, argparse's messages (usage, invalid choice, missing or unknown arguments, bad types) for
every localgov command, every help text of every command and subcommand; Django's commands under
`localgov django …`, and the ones scripts call directly (`localgov migrate`) still run."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys

import pytest
from django.core.management import load_command_class

from localgov import cli
from localgov.core.cli_text import localise_parser, subparsers_of, vietnamese_argparse

LOCALGOV = [sys.executable, "-c", "from localgov.cli import main; main()"]
#: English function words: none may appear in a help text or a message meant for people.
ENGLISH = {"the", "and", "of", "to", "for", "with", "without", "from", "into", "every", "which", "this", "that",
           "is", "are", "be", "will", "when", "if", "only", "by", "or", "not", "its", "each", "error", "usage",
           "invalid", "choice", "required", "arguments", "argument", "unrecognized", "options", "show", "help",
           "message", "exit", "created", "updated", "unchanged", "deleted", "computed", "bulk", "working_days"}
VIETNAMESE = re.compile(r"[ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]", re.I)


def english_words(text: str) -> set[str]:
    """English function words in `text`, leaving out option names (--no-facts), placeholders in
    capitals, code in «» or quotes, and file names."""
    text = re.sub(r"«[^»]*»|\"[^\"]*\"|'[^']*'|`[^`]*`|--?[\w-]+|\S+\.\w+|\{[^}]*\}|localgov django help", " ", text)
    return {w for w in re.findall(r"\w+", text) if w.lower() in ENGLISH}


def ours() -> dict[str, str]:
    return cli.localgov_commands()


def helps(name: str, app: str) -> list[tuple[str, str, list[str]]]:
    """(prog, --help text, help of each argument) of a command's parser and its subcommands'."""
    with vietnamese_argparse():
        root = localise_parser(load_command_class(app, name).create_parser("localgov", name))
        return [(p.prog, p.format_help(), [a.help for a in p._actions if a.help and a.help is not argparse.SUPPRESS])
                for p in subparsers_of(root)]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*LOCALGOV, *args], capture_output=True, text=True, timeout=120)


def test_help_describes_localgov_and_groups_only_its_commands() -> None:
    proc = run("--help")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert out.startswith("localgov — phần mềm mã nguồn mở vận hành và giám sát chính quyền địa phương")
    for title, _names in cli.GROUPS:
        assert f"\n{title}:\n" in out
    for name in ours():
        line = next(row for row in out.splitlines() if row.startswith(f"  {name} "))
        assert VIETNAMESE.search(line), line  # a one-line Vietnamese description
    # Django's own commands are not mixed in; they are one word away.
    for django_only in ("dumpdata", "sqlmigrate", "makemigrations", "squashmigrations", "sendtestemail"):
        assert not re.search(rf"^\s+{django_only}\b", out, re.M)
    assert "localgov django <lệnh>" in out
    assert not english_words(out.replace("localgov.wsgi", "")), english_words(out)


def test_django_commands_stay_reachable() -> None:
    listed = run("django", "help")
    assert listed.returncode == 0 and "dumpdata" in listed.stdout and "sqlmigrate" in listed.stdout
    # the scripts and docs call these directly (bench/copy_floor.py, docs/reliability.md, README)
    direct = run("migrate", "--help")
    assert direct.returncode == 0 and "--run-syncdb" in direct.stdout
    assert run("django", "check", "--help").returncode == 0


def test_an_unknown_command_is_named_with_a_suggestion() -> None:
    proc = run("catalg")
    assert proc.returncode == 1
    assert "không có lệnh «catalg». Có phải ý bạn là «catalog»?" in proc.stderr
    helped = run("help", "catalg")
    assert helped.returncode == 1 and "không có lệnh «catalg»" in helped.stderr
    assert run("help", "catalog").stdout.startswith("Cách dùng: localgov catalog ")


@pytest.mark.parametrize("args, expected", [
    (["catalog", "sarch", "x"], "lỗi: tham số {load,validate,search}: lựa chọn không hợp lệ: 'sarch'"),
    (["catalog"], "lỗi: thiếu tham số bắt buộc: {load,validate,search}"),
    (["catalog", "search"], "lỗi: thiếu tham số bắt buộc: TỪ_KHÓA"),
    (["catalog", "search", "x", "--limit", "năm"], "lỗi: tham số --limit: giá trị không phải số nguyên: 'năm'"),
    (["access", "grant", "an"], "lỗi: thiếu tham số bắt buộc: VAI_TRÒ, --reason"),
    (["simulate", "--khong-co"], "lỗi: tham số không nhận ra: --khong-co"),
    (["report", "briefing", "--format", "docx"], "lựa chọn không hợp lệ: 'docx' (chọn một trong:"),
    (["workforce", "balance", "--date", "hôm qua"], "tham số --date: Ngày không hợp lệ (YYYY-MM-DD): hôm qua"),
])
def test_argparse_speaks_vietnamese(args: list[str], expected: str) -> None:
    proc = run(*args)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("Cách dùng: localgov "), proc.stderr
    assert expected in proc.stderr
    assert "Traceback" not in proc.stderr and not english_words(proc.stderr), proc.stderr


def test_every_localgov_command_reports_bad_arguments_in_vietnamese(capsys: pytest.CaptureFixture[str]) -> None:
    for name in ours():
        with pytest.raises(SystemExit) as exit_:
            cli.main([name, "--khong-co-tuy-chon-nay"])
        assert exit_.value.code == 2, name
        err = capsys.readouterr().err
        assert err.startswith(f"Cách dùng: localgov {name}"), (name, err)
        assert "lỗi:" in err and not english_words(err), (name, err)


def test_every_help_text_of_every_command_is_vietnamese() -> None:
    for name, app in ours().items():
        command = load_command_class(app, name)
        assert VIETNAMESE.search(command.help or ""), f"{name}: {command.help!r}"
        for prog, text, texts in helps(name, app):
            assert text.startswith("Cách dùng: "), (prog, text)
            assert not english_words(text), (prog, english_words(text))
            for help_text in texts:
                assert not english_words(help_text), (prog, help_text)


def test_a_command_error_says_loi_not_commanderror() -> None:
    proc = run("report", "briefing", "--from", "2025-09-30", "--to", "2025-07-01")
    assert proc.returncode == 1
    assert proc.stderr.strip() == "Lỗi: --from phải trước hoặc bằng --to."


def test_argparse_is_english_again_outside_localgov() -> None:
    parser = argparse.ArgumentParser(prog="x")
    with vietnamese_argparse():
        assert "Cách dùng" in argparse.ArgumentParser(prog="y").format_usage()
    assert parser.format_usage().startswith("usage: ")
    assert argparse.ArgumentParser(prog="z").format_usage().startswith("usage: ")
