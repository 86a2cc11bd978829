"""`localgov access`: accounts and grants from the console, through access.services (so every
change is audited). who [--province P] [--commune C] [--role R] [--on DATE] [--json];
grant USERNAME ROLE [--province P] [--commune C] [--centre ID] [--agency ID] [--from DATE]
[--until DATE] --reason TEXT; revoke GRANT_ID --reason TEXT; history USERNAME [--json];
unlock USERNAME (clears the account's sign-in lockouts on every client) or unlock --client ADDRESS
(a client's own lock); purge-counters (deletes expired counters); token-issue USERNAME --name N
--scope S [--scope S] [--expires DATE] (prints the token once); token-revoke PREFIX."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from dataclasses import asdict
from datetime import datetime, time
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from localgov.access import counters, lockout
from localgov.access.models import ApiToken, RoleGrant
from localgov.access.roles import Role
from localgov.access.selectors import grant_history, who_holds_what
from localgov.access.services import grant_role, revoke_role
from localgov.access.tokens import issue_token, revoke_token
from localgov.core.cli_args import iso_date
from localgov.core.errors import ValidationFailed


class Command(BaseCommand):
    help = "Phân quyền: ai giữ quyền gì, cấp / thu hồi quyền, lịch sử, mở khóa đăng nhập"

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="sub", required=True)
        who = sub.add_parser("who", help="Các quyền đang hiệu lực")
        who.add_argument("--province")
        who.add_argument("--commune")
        who.add_argument("--role", choices=[r.value for r in Role])
        who.add_argument("--on", type=iso_date)
        who.add_argument("--json", action="store_true")
        grant = sub.add_parser("grant", help="Cấp quyền")
        grant.add_argument("username")
        grant.add_argument("role", choices=[r.value for r in Role])
        grant.add_argument("--province")
        grant.add_argument("--commune")
        grant.add_argument("--centre", type=int)
        grant.add_argument("--agency", type=int)
        grant.add_argument("--from", dest="starts_on", type=iso_date)
        grant.add_argument("--until", dest="ends_on", type=iso_date)
        grant.add_argument("--reason", required=True)
        revoke = sub.add_parser("revoke", help="Thu hồi quyền")
        revoke.add_argument("grant_id", type=int)
        revoke.add_argument("--reason", required=True)
        history = sub.add_parser("history", help="Nhật ký phân quyền của một tài khoản")
        history.add_argument("username")
        history.add_argument("--json", action="store_true")
        unlock = sub.add_parser("unlock", help="Mở khóa đăng nhập (một tài khoản, hoặc một địa chỉ máy)")
        unlock.add_argument("username", nargs="?")
        unlock.add_argument("--client", help="địa chỉ máy bị chặn do đăng nhập sai với nhiều tài khoản")
        sub.add_parser("purge-counters", help="Xóa các bộ đếm lần thử sai đã hết hạn")
        issue = sub.add_parser("token-issue", help="Cấp mã truy cập API cho hệ thống của cơ quan khác")
        issue.add_argument("username")
        issue.add_argument("--name", required=True)
        issue.add_argument("--scope", action="append", required=True, dest="scopes")
        issue.add_argument("--expires", type=iso_date)
        revoke_token = sub.add_parser("token-revoke", help="Thu hồi mã truy cập API")
        revoke_token.add_argument("prefix")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            getattr(self, f"_{opts['sub'].replace('-', '_')}")(opts)
        except ValidationFailed as exc:
            raise CommandError(exc.message) from exc

    def _user(self, username: str) -> Any:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có tài khoản «{username}».")
        return user

    def _who(self, opts: dict[str, Any]) -> None:

        rows = who_holds_what(on=opts["on"], province=opts["province"], commune=opts["commune"], role=opts["role"])
        if opts["json"]:
            self.stdout.write(json.dumps([asdict(r) for r in rows], ensure_ascii=False, default=str))
            return
        for r in rows:
            unit = ", ".join(x for x in (r.province, r.commune, r.centre, r.agency) if x) or "toàn quốc"
            until = r.ends_on.isoformat() if r.ends_on else "…"
            self.stdout.write(f"#{r.grant_id}  {r.username}  {r.role_label}  {unit}  {r.starts_on} → {until}")
        self.stdout.write(f"{len(rows)} quyền đang hiệu lực.")

    def _grant(self, opts: dict[str, Any]) -> None:

        grant = grant_role(user=self._user(opts["username"]), role=opts["role"], province=opts["province"],
                           commune=opts["commune"], centre_id=opts["centre"], agency_id=opts["agency"],
                           starts_on=opts["starts_on"], ends_on=opts["ends_on"],
                           reason=f"{opts['reason']} (dòng lệnh)")
        self.stdout.write(f"Đã cấp quyền #{grant.pk}: {grant}")

    def _revoke(self, opts: dict[str, Any]) -> None:

        grant = RoleGrant.objects.filter(pk=opts["grant_id"]).first()
        if grant is None:
            raise CommandError(f"Không có quyền #{opts['grant_id']}.")
        revoke_role(grant=grant, reason=f"{opts['reason']} (dòng lệnh)")
        self.stdout.write(f"Đã thu hồi quyền #{grant.pk}.")

    def _history(self, opts: dict[str, Any]) -> None:

        rows = [{"at": a.at.isoformat(), "action": a.action, "by": a.by_label, "role": a.role, "unit": a.unit,
                 "period": a.period, "reason": a.reason} for a in grant_history(self._user(opts["username"]).pk)]
        if opts["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        for r in rows:
            self.stdout.write(f"{r['at']}  {r['by']}  {r['action']}  {r['role']}  {r['unit']}  {r['period']}  "
                              f"{r['reason']}")

    def _unlock(self, opts: dict[str, Any]) -> None:

        if not opts["username"] and not opts["client"]:
            raise CommandError("Cần tên đăng nhập, hoặc --client ĐỊA_CHỈ.")
        if opts["username"]:
            count = lockout.unlock(opts["username"])
            self.stdout.write(f"Đã mở khóa tài khoản {lockout.normalise(opts['username'])} ({count} máy).")
        if opts["client"]:
            lifted = lockout.unlock_client(opts["client"].strip())
            self.stdout.write(f"Đã mở khóa máy {opts['client'].strip()}" + ("." if lifted else " (không bị chặn)."))

    def _purge_counters(self, opts: dict[str, Any]) -> None:

        count = counters.store().purge(counters.now())
        self.stdout.write(f"Đã xóa {count} bộ đếm hết hạn.")

    def _token_issue(self, opts: dict[str, Any]) -> None:



        expires = (timezone.make_aware(datetime.combine(opts["expires"], time.max)) if opts["expires"] else None)
        token, raw = issue_token(user=self._user(opts["username"]), name=opts["name"], scopes=opts["scopes"],
                                 expires_at=expires)
        self.stdout.write(f"Mã truy cập (chỉ hiện một lần): {raw}")
        self.stdout.write(f"Tiền tố {token.prefix}; phạm vi {', '.join(token.scopes)}.")

    def _token_revoke(self, opts: dict[str, Any]) -> None:

        tokens = list(ApiToken.objects.filter(prefix=opts["prefix"], revoked_at__isnull=True))
        if not tokens:
            raise CommandError(f"Không có mã truy cập còn hiệu lực với tiền tố «{opts['prefix']}».")
        for token in tokens:
            revoke_token(token)
        self.stdout.write(f"Đã thu hồi {len(tokens)} mã truy cập.")
