"""CI's entry script parses and ends in exactly `make test`.

Two merges have each broken `.ci/run` with a stray line inside its header comment; bash only notices
when CI runs it, after zero seconds, so the suite checks the syntax first.
"""

import subprocess
from pathlib import Path

CI_RUN = Path(__file__).resolve().parents[1] / ".ci" / "run"


def test_ci_run_is_valid_bash() -> None:
    checked = subprocess.run(
        ["bash", "-n", str(CI_RUN)], capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stderr


def test_ci_run_ends_in_make_test() -> None:
    lines = [
        line
        for line in CI_RUN.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert lines[-1] == "make test"
