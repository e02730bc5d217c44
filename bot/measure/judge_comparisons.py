"""Judge the comparison's 参考 lines by hand, and store the judgements in the set.

``python -m bot.measure.judge_comparisons dump FILE ...`` prints, as JSON Lines, every
参考 line the engine shows on a comparison set that no label judges yet: the
question it answers (``question``, the set's own question; a follow-up's
earlier one), the line's document, clause number, heading, quoted sentence
and whole clause text. A reader judges each from the question and the clause
text alone — ``answers`` (the clause rules on what is asked), ``related``
(same subject, not the asked point) or ``unrelated`` — adds ``label`` and
``phrase`` (a few words copied from the clause) to the line, and
``python -m bot.measure.judge_comparisons apply FILE JUDGEMENTS`` writes them into the
set's ``answers`` / ``related`` / ``unrelated`` fields, for the question and
every follow-up of it (they share labels).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bot.config import Settings
from bot.engine.search import Engine
from bot.measure.hits import RANKS, compact

LABELS = ("answers", "related", "unrelated")


def read_rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def judgement(row: dict, doc_id: str, text: str) -> str | None:
    """The label a set gives a clause of ``doc_id`` for this row's question, or None (not judged)."""
    clause = compact(text)
    return next((label for label in LABELS if any(compact(p) in clause for p in row.get(label, {}).get(doc_id, ()))), None)


def unjudged(engine: Engine, rows: list[dict]) -> list[dict]:
    """The 参考 lines no label judges, once per (question, clause)."""
    seen, lines = set(), []
    for row in rows:
        answer = engine.ask(row["question"], top=RANKS, previous=row.get("previous", []))
        base = (row.get("previous") or [row["question"]])[0]
        for hit in answer.references:
            key = (base, hit.clause.doc_id, hit.clause.number)
            if key in seen or judgement(row, hit.clause.doc_id, hit.clause.text):
                continue
            seen.add(key)
            lines.append({"question": base, "doc": hit.clause.doc_id, "number": hit.clause.number,
                          "heading": hit.clause.heading, "sentence": hit.sentence, "text": hit.clause.text})
    return lines


def apply(rows: list[dict], judgements: list[dict]) -> list[dict]:
    """The rows with each judgement's phrase added under its label, for its question and the follow-ups of it."""
    for j in judgements:
        if j["label"] not in LABELS:
            raise ValueError(f"{j['question']} / {j['doc']}: label must be one of {', '.join(LABELS)}, not {j['label']!r}")
        for row in rows:
            if row["question"] == j["question"] or row.get("previous", [None])[0] == j["question"]:
                phrases = row.setdefault(j["label"], {}).setdefault(j["doc"], [])
                if j["phrase"] not in phrases:
                    phrases.append(j["phrase"])
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    dump = commands.add_parser("dump", help="the 参考 lines no label judges, as JSON Lines")
    dump.add_argument("files", nargs="+", type=Path)
    record = commands.add_parser("apply", help="write judgements (JSON Lines with label and phrase) into a set")
    record.add_argument("file", type=Path)
    record.add_argument("judgements", type=Path)
    settings = Settings.from_env()
    parser.add_argument("--corpus", type=Path, default=settings.corpus_dir)
    parser.add_argument("--index", type=Path, default=settings.index_path)
    args = parser.parse_args(argv)
    if args.command == "dump":
        engine = Engine.open(args.index, args.corpus)
        for path in args.files:
            for line in unjudged(engine, read_rows(path)):
                print(json.dumps({"file": path.name, **line}, ensure_ascii=False))
        return
    rows = apply(read_rows(args.file), read_rows(args.judgements))
    args.file.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"{args.file}: {len(read_rows(args.judgements))} judgements applied", file=sys.stderr)


if __name__ == "__main__":
    main()
