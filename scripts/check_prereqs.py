"""Check the system prerequisites and say exactly how to install what is missing."""

import ctypes.util
import sys

problems = []
if sys.version_info < (3, 11):
    problems.append(
        f"Python 3.11 or newer is needed (this is {sys.version.split()[0]}).\n"
        "    Debian/Ubuntu: sudo apt-get install python3 python3-venv   macOS: brew install python@3.12"
    )
try:
    import venv  # noqa: F401
    import ensurepip  # noqa: F401
except ImportError:
    problems.append(
        "The venv module is missing.\n    Debian/Ubuntu: sudo apt-get install python3-venv"
    )
if not ctypes.util.find_library("pango-1.0"):
    problems.append(
        "Pango (used by WeasyPrint to make PDFs) is missing.\n"
        "    Debian/Ubuntu: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0   macOS: brew install pango"
    )
if problems:
    print("llp-gov cannot start:\n- " + "\n- ".join(problems), file=sys.stderr)
    sys.exit(1)
