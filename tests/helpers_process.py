"""Running a few lines of Python in a fresh interpreter, for what only a new process shows
(which modules an import pulls in, whether an import opens a file)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def python_prints(code: str, cwd: Path = ROOT) -> str:
    """What ``code`` prints when run by this Python in ``cwd``; a failure raises."""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=cwd
    )
    return result.stdout.strip()
