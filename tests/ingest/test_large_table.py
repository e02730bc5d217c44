"""A 100,000-row FAQ table: ingested with a progress bar and without the tokenizer, indexed and queried.

How long each step takes is measured by `make bench` (bot/measure/bench.py), not here.
"""

from __future__ import annotations

import json

from bot.measure.bench import write_faq_table
from bot.engine.tokens import Tokenizer

ROWS = 100_000


def test_100k_rows_ingest_index_ask(run, tmp_path, monkeypatch):
    source = tmp_path / "big-faq.csv"
    write_faq_table(source, ROWS)
    corpus, index = tmp_path / "corpus", tmp_path / "index.sqlite"

    def no_tokenizer(*args, **kwargs):
        raise AssertionError("ingest must not tokenize: indexing does")

    monkeypatch.setattr(Tokenizer, "__init__", no_tokenizer)
    result = run("ingest", source, "--corpus", corpus, "--title", "大規模FAQ")
    assert result.exit_code == 0, result.output
    assert f"大規模FAQ (faq, {ROWS + 1} clauses)" in result.output and "Reading rows" in result.output
    monkeypatch.undo()

    result = run("index", "build", "--corpus", corpus, "--index", index)
    assert result.exit_code == 0, result.output

    result = run("ask", "--json", "--index", index, "ペンギン飼育係の投稿ルール")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert answer["answered"] and answer["results"][0]["clause"] == "F777777"
