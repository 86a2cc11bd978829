"""The pure core (rules, retirement, config, inputs) imports no Django."""

import subprocess
import sys


def test_rules_import_no_django():
    code = (
        "import sys\n"
        "import localgov.payouts.rules, localgov.payouts.retirement, localgov.payouts.config, localgov.payouts.inputs\n"
        "from localgov.payouts.rules import calculate_data\n"
        "calculate_data({'category': 'quit', 'sex': 'F', 'birth_date': '1980-02-03', 'si_months': 100,\n"
        "  'salary': {'rank_coefficient': 2.34}, 'restructuring_effective_date': '2025-03-01',\n"
        "  'leaving_date': '2025-04-01'})\n"
        "bad = [m for m in sys.modules if m == 'django' or m.startswith('django.')]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
