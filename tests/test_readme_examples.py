"""README.md's example blocks are what a real run prints (scripts/readme_examples.py; `make readme` rewrites them)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO

SCRIPT = REPO / "scripts" / "readme_examples.py"
STALE = """\
Some text.

<!-- example: $ guidebot corpus borrowed --doc kitaura
     given: cp tests/data/city/kitaura.md "$GUIDEBOT_CORPUS" -->
```
$ guidebot corpus borrowed --doc kitaura
kitaura:1 <- nowhere
```
"""


def check(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *args], cwd=REPO, capture_output=True, text=True, timeout=600)


def test_every_example_block_of_the_readme_matches_a_real_run():
    result = check("--check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "example blocks match a real run" in result.stdout


def test_a_stale_block_is_named_and_rewriting_it_makes_it_match(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(STALE, encoding="utf-8")
    stale = check("--check", "--readme", str(readme))
    assert stale.returncode == 1 and readme.read_text(encoding="utf-8") == STALE
    assert "README.md:3: the block of `guidebot corpus borrowed --doc kitaura` differs from a real run" in stale.stdout
    assert "-kitaura:1 <- nowhere" in stale.stdout

    assert check("--readme", str(readme)).returncode == 0
    rewritten = readme.read_text(encoding="utf-8")
    assert rewritten.startswith(STALE[:STALE.index("kitaura:1 <- nowhere")]) and "nowhere" not in rewritten
    assert "kitaura:1" in rewritten and check("--check", "--readme", str(readme)).returncode == 0
