"""Vietnamese for the command line's own words: argparse's messages ("usage:", "invalid choice",
"the following arguments are required", …) and the help of the options Django adds to every
command (--verbosity, --settings, …).

argparse looks its messages up through the module-level `argparse._` / `argparse.ngettext` when it
builds a parser and when it reports an error; `vietnamese_argparse()` swaps those two for this
catalogue while `localgov` runs (the console command, `localgov.cli.main`), and puts them back
afterwards, so nothing else in the process (pytest's own parser) changes. A message this catalogue
does not know stays as argparse wrote it. `localise_parser()` translates Django's option help on a
built parser, including its subcommands' parsers."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

#: argparse's messages (Python 3.12–3.14), in Vietnamese; the %-placeholders are argparse's own.
MESSAGES: dict[str, str] = {
    "usage: ": "Cách dùng: ",
    "%(heading)s:": "%(heading)s:",
    "positional arguments": "tham số",
    "options": "tùy chọn",
    "optional arguments": "tùy chọn",
    "subcommands": "lệnh con",
    "show this help message and exit": "hiện hướng dẫn này rồi thoát",
    "show program's version number and exit": "hiện số phiên bản rồi thoát",
    " (default: %(default)s)": " (mặc định: %(default)s)",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "%(prog)s: warning: %(message)s\n": "%(prog)s: cảnh báo: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "unrecognized arguments: %s": "tham số không nhận ra: %s",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "one of the arguments %s is required": "cần một trong các tham số %s",
    "not allowed with argument %s": "không dùng cùng với tham số %s",
    "ignored explicit argument %r": "tham số này không nhận giá trị: %r",
    "expected one argument": "cần một giá trị",
    "expected at most one argument": "cần nhiều nhất một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "ambiguous option: %(option)s could match %(matches)s": "tùy chọn %(option)s chưa rõ, có thể là %(matches)s",
    "unexpected option string: %s": "tùy chọn không mong đợi: %s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "lựa chọn không hợp lệ: %(value)r (chọn một trong: %(choices)s)",
    "invalid choice: %(value)r, maybe you meant %(closest)r? (choose from %(choices)s)":
        "lựa chọn không hợp lệ: %(value)r, có phải ý bạn là %(closest)r? (chọn một trong: %(choices)s)",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "không có lệnh con %(parser_name)r (chọn một trong: %(choices)s)",
    "command '%(parser_name)s' is deprecated": "lệnh «%(parser_name)s» đã lỗi thời",
    "option '%(option)s' is deprecated": "tùy chọn «%(option)s» đã lỗi thời",
    "argument '%(argument_name)s' is deprecated": "tham số «%(argument_name)s» đã lỗi thời",
    "can't open '%(filename)s': %(error)s": "không mở được tệp «%(filename)s»: %(error)s",
}

#: ngettext's messages: (singular, plural) → Vietnamese (no plural forms).
PLURALS: dict[tuple[str, str], str] = {
    ("expected %s argument", "expected %s arguments"): "cần %s giá trị",
    ("conflicting option string: %s", "conflicting option strings: %s"): "tùy chọn trùng nhau: %s",
}

#: `type=` callables as argparse names them in "invalid %(type)s value".
TYPE_NAMES: dict[str, str] = {
    "int": "số nguyên",
    "float": "số",
    "Decimal": "số",
    "Path": "đường dẫn",
    "fromisoformat": "ngày (YYYY-MM-DD)",
}


class _TypeMessage(str):
    """"invalid %(type)s value: %(value)r" with the type's name in Vietnamese: argparse fills the
    placeholders with `%` after the lookup, so the name is translated there."""

    def __mod__(self, values: Any) -> str:
        if isinstance(values, dict) and "type" in values:
            values = {**values, "type": TYPE_NAMES.get(str(values["type"]), values["type"])}
        return str.__mod__(str(self), values)


_TYPE_MESSAGE = "invalid %(type)s value: %(value)r"


def gettext(message: str) -> str:
    if message == _TYPE_MESSAGE:
        return _TypeMessage("giá trị không phải %(type)s: %(value)r")
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    found = PLURALS.get((singular, plural))
    if found is not None:
        return found
    return singular if n == 1 else plural


@contextmanager
def vietnamese_argparse() -> Iterator[None]:
    """argparse speaks Vietnamese inside the block (see the module's docstring)."""
    saved: tuple[Callable[..., str], Callable[..., str]] = (argparse._, argparse.ngettext)  # type: ignore[attr-defined]
    argparse._ = gettext  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


#: The options Django's BaseCommand.create_parser adds to every command, by option string.
DJANGO_OPTION_HELP: dict[str, str] = {
    "--version": "hiện số phiên bản rồi thoát",
    "--verbosity": "mức chi tiết của thông báo: 0 = tối thiểu, 1 = bình thường, 2 = chi tiết, 3 = rất chi tiết",
    "--settings": "mô-đun cấu hình Python, ví dụ «localgov.settings» (mặc định: biến môi trường "
                  "DJANGO_SETTINGS_MODULE)",
    "--pythonpath": "thư mục thêm vào đường dẫn Python",
    "--traceback": "in toàn bộ vết lỗi khi lệnh báo lỗi",
    "--no-color": "không tô màu kết quả",
    "--force-color": "luôn tô màu kết quả",
    "--skip-checks": "bỏ qua bước kiểm tra hệ thống",
}


def subparsers_of(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    """Every parser under `parser` (its subcommands', recursively), `parser` included."""
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                yield from subparsers_of(sub)


#: Placeholders in "Cách dùng:" for arguments that name none, by their `dest` (argparse would
#: write the dest in capitals: DATE_FROM, USERNAME).
METAVARS: dict[str, str] = {
    "date_from": "NGÀY", "date_to": "NGÀY", "date": "NGÀY", "on": "NGÀY", "starts_on": "NGÀY", "ends_on": "NGÀY",
    "expires": "NGÀY", "as_of": "NGÀY", "province": "MÃ_TỈNH", "provinces": "MÃ_TỈNH,...", "commune": "MÃ_XÃ",
    "centre": "SỐ", "agency": "SỐ", "grant_id": "SỐ", "seed": "SỐ", "scale": "SỐ", "workers": "SỐ",
    "threads": "SỐ", "port": "CỔNG", "host": "ĐỊA_CHỈ", "limit": "SỐ", "path": "TỆP", "file": "TỆP",
    "output": "TỆP", "case": "TỆP", "username": "TÊN_ĐĂNG_NHẬP", "reason": "LÝ_DO", "dossier": "MÃ_HỒ_SƠ",
    "name": "TÊN", "scopes": "PHẠM_VI", "prefix": "TIỀN_TỐ", "client": "ĐỊA_CHỈ", "address": "ĐỊA_CHỈ",
    "targets": "MỤC", "role": "VAI_TRÒ", "start": "THỜI_ĐIỂM", "days": "SỐ", "hours": "SỐ", "settings": "MÔ_ĐUN",
    "pythonpath": "THƯ_MỤC",
}


#: Help for the arguments many commands share, by option string or positional `dest`, used where
#: the command gives none.
COMMON_HELP: dict[str, str] = {
    "--json": "in kết quả dạng JSON",
    "--province": "mã tỉnh, thành phố (2 chữ số, ví dụ 01)",
    "--commune": "mã xã, phường, đặc khu (5 chữ số)",
    "--centre": "số hiệu trung tâm phục vụ hành chính công",
    "--agency": "số hiệu cơ quan",
    "--from": "từ ngày, YYYY-MM-DD",
    "--to": "đến ngày, YYYY-MM-DD",
    "--until": "đến hết ngày, YYYY-MM-DD (bỏ trống: không thời hạn)",
    "--on": "tại ngày, YYYY-MM-DD (mặc định hôm nay)",
    "--expires": "hết hạn sau ngày, YYYY-MM-DD",
    "--reason": "lý do (ghi vào nhật ký)",
    "--role": "vai trò: %(choices)s",
    "--dossier": "mã hồ sơ",
    "--name": "tên",
    "--scope": "phạm vi được phép (lặp lại cho nhiều phạm vi)",
    "--format": "định dạng kết quả",
    "--by": "nhóm theo",
    "--seed": "hạt giống ngẫu nhiên: cùng hạt giống, cùng dữ liệu",
    "--scale": "quy mô (1 = toàn quốc)",
    "--host": "địa chỉ lắng nghe",
    "--port": "cổng lắng nghe",
    "--no-simulate": "không chạy mô phỏng",
    "username": "tên đăng nhập",
    "role": "vai trò: %(choices)s",
    "grant_id": "số hiệu quyền (cột # của «localgov access who»)",
    "prefix": "tiền tố của mã truy cập",
    "file": "tệp",
    "path": "tệp",
}


def localise_parser(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Django's own option help in Vietnamese, on `parser` and its subcommands' parsers; the
    placeholders of METAVARS; a subcommand argument named by its choices ("{load,day,due}"), not
    by its `dest`, in "Cách dùng:" and in the errors."""
    for each in subparsers_of(parser):
        for action in each._actions:
            if isinstance(action, argparse._SubParsersAction) and action.metavar is None:
                action.metavar = "{" + ",".join(action.choices) + "}"
            elif action.metavar is None and action.dest in METAVARS and action.nargs != 0:
                action.metavar = METAVARS[action.dest]
            if action.help is None:
                key = action.option_strings[-1] if action.option_strings else action.dest
                action.help = COMMON_HELP.get(key)
            for option in action.option_strings:
                if option in DJANGO_OPTION_HELP:
                    action.help = DJANGO_OPTION_HELP[option]
                    break
    return parser
