"""A 100,000-row FAQ table: ingested with a progress bar, indexed and queried, within a time budget."""

from __future__ import annotations

import csv
import json
import time

from bot.engine.tokens import Tokenizer

ROWS = 100_000
TOPICS = ["勤務時間", "写真", "匿名", "選挙", "個人情報", "アカウント", "炎上", "著作権"]


def test_100k_rows_ingest_index_ask(run, tmp_path, monkeypatch):
    source = tmp_path / "big-faq.csv"
    with source.open("w", encoding="utf-8-sig", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["id", "question", "answer", "category"])
        for n in range(1, ROWS + 1):
            topic = TOPICS[n % len(TOPICS)]
            out.writerow([f"F{n}", f"{topic}について質問{n}番はどうなりますか。", f"{topic}の回答{n}番です。所属長に相談してください。", topic])
        out.writerow(["F777777", "ペンギン飼育係の投稿ルールは？", "ペンギン飼育係は水族館アカウントから投稿してください。", "特別"])
    corpus, index = tmp_path / "corpus", tmp_path / "index.sqlite"

    def no_tokenizer(*args, **kwargs):
        raise AssertionError("ingest must not tokenize: indexing does")

    monkeypatch.setattr(Tokenizer, "__init__", no_tokenizer)
    started = time.perf_counter()
    result = run("ingest", source, "--corpus", corpus, "--title", "大規模FAQ")
    ingest_seconds = time.perf_counter() - started
    assert result.exit_code == 0, result.output
    assert f"大規模FAQ (faq, {ROWS + 1} clauses)" in result.output and "Reading rows" in result.output
    monkeypatch.undo()

    started = time.perf_counter()
    result = run("index", "build", "--corpus", corpus, "--index", index)
    index_seconds = time.perf_counter() - started
    assert result.exit_code == 0, result.output

    started = time.perf_counter()
    result = run("ask", "--json", "--index", index, "ペンギン飼育係の投稿ルール")
    ask_seconds = time.perf_counter() - started
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    print(f"\n100k rows: ingest {ingest_seconds:.1f} s, index {index_seconds:.1f} s, ask {ask_seconds:.2f} s")
    assert answer["answered"] and answer["results"][0]["clause"] == "F777777"
    assert ingest_seconds < 60 and index_seconds < 150
