"""The pure core (core, sources, reference, inputs) imports no Django."""

import subprocess
import sys


def test_core_has_no_django_import():
    code = (
        "import sys\n"
        "import localgov.workcalendar.core, localgov.workcalendar.sources\n"
        "import localgov.workcalendar.reference, localgov.workcalendar.inputs\n"
        "assert not [m for m in sys.modules if m == 'django' or m.startswith('django.')], 'django imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
