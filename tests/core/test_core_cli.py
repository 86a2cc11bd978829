"""The `localgov` console command wraps the management commands."""

import subprocess
import sys


def test_console_command_lists_domain_commands():
    out = subprocess.run([sys.executable, "-c", "from localgov.cli import main; main(['help'])"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0
    for command in ("load", "units", "calendar", "audit", "demo"):
        assert command in out.stdout
