"""The environment a bench's child processes run in: as a deployed host, with the portal's
bytecode compiled (pip compiles a wheel's modules when it installs them). A shell that sets
PYTHONDONTWRITEBYTECODE would otherwise make every step compile the portal's sources again
(about 0.5 s of CPU a process on the development machine), which no deployment pays."""

from __future__ import annotations

import compileall
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def host_env(**settings: str) -> dict:
    compileall.compile_dir(ROOT / "portal", quiet=1)
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    return {**env, **settings}
