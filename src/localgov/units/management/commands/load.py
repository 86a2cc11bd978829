"""`localgov load <target>... | all`: load or update reference data, idempotently.

Targets are registered by the apps (localgov.units.loaders.register); without a target the
command lists them.
"""

from __future__ import annotations

from argparse import ArgumentParser

from django.core.management.base import BaseCommand, CommandError

from localgov.units import loaders


class Command(BaseCommand):
    help = "Nạp/cập nhật dữ liệu tham chiếu (units, ... hoặc all). Chạy lại không thay đổi gì."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("targets", nargs="*", help="tên mục cần nạp, hoặc 'all'")

    def handle(self, *args: object, **options: object) -> None:
        targets = list(options["targets"])  # type: ignore[arg-type]
        if not targets:
            self.stdout.write("Các mục có thể nạp (localgov load <mục>... | all):")
            for name, spec in sorted(loaders.registered().items()):
                after = f" (sau: {', '.join(spec.after)})" if spec.after else ""
                self.stdout.write(f"  {name:<12} {spec.help}{after}")
            return
        try:
            outcomes = loaders.run(targets)
        except (KeyError, ValueError) as exc:
            raise CommandError(str(exc.args[0] if exc.args else exc)) from exc
        for outcome in outcomes:
            for line in loaders.format_report(outcome):
                self.stdout.write(line)
            verdict = "không có thay đổi" if outcome.changed == 0 else f"{outcome.changed} thay đổi"
            self.stdout.write(self.style.SUCCESS(f"{outcome.name}: xong, {verdict}."))
