"""`guidebot bench` on a tiny generated corpus runs end to end and prints each of its figures.

A real process, as `make bench` runs it; what it measures is not judged here
(no wall-clock assertions), only that every figure is there.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

from tests.conftest import CORPUS, REPO

SIZE = 200
NUMBER = r"\d+(?:\.\d+)?"


def test_bench_on_a_tiny_corpus_prints_every_figure(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "bot", "bench", "--size", str(SIZE), "--rounds", "1"],
        cwd=REPO, capture_output=True, text=True, timeout=600,
        env={**os.environ, "GUIDEBOT_CORPUS": str(CORPUS), "GUIDEBOT_LOG": str(tmp_path / "log.sqlite")},
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    row = rf"\s+(\d+)\s+{NUMBER}\s+{NUMBER}\s+{NUMBER}\s+{NUMBER}\s+{NUMBER}\s+{NUMBER}$"
    seed = re.search(rf"^seed{row}", out, re.MULTILINE)
    generated = re.search(rf"^gen\w*{row}", out, re.MULTILINE)
    assert seed and int(seed.group(1)) > 100, out
    assert generated and int(generated.group(1)) == SIZE, out
    assert re.search(rf"^FAQ table of {SIZE} rows: ingest {NUMBER} s, index {NUMBER} s", out, re.MULTILINE), out
    assert re.search(r"^burst\s+\d+/\d+ acked", out, re.MULTILINE), out
    assert re.search(rf"^socket\s+reconnected after a drop in {NUMBER} s", out, re.MULTILINE), out
    assert re.search(r"^LocalgovFAQ (not measured|\(\d+ queries)", out, re.MULTILINE), out
