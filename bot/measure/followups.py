"""Follow-up and comparison quality on their sets, as whole-set numbers.

``python -m bot.measure.followups FILE ...`` prints, for a follow-up file
(``{"previous", "question", "expect_any", "leans"}``), hit@1 and hit@3 of the
second questions that lean on the one before and of those that stand alone;
for a comparison file (``{"question", "answers"}``, bot.measure.hits.evaluate_comparisons),
the documents shown, the comparison lines that answer or are at least related,
and the named documents cited first. It lists no misses: the held-out sets are
measured only as a whole.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from bot.config import Settings
from bot.engine.search import Engine
from bot.measure.hits import Report, evaluate, evaluate_comparisons, read_cases


def by_leaning(engine: Engine, path: Path) -> dict[bool, Report]:
    """The report of a follow-up file's questions that lean on the one before (True) and of those that stand alone."""
    rows = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    reports = {}
    with tempfile.TemporaryDirectory(prefix="guidebot-followups-") as tmp:
        for leans in (True, False):
            part = Path(tmp) / f"{leans}.jsonl"
            part.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows if r["leans"] is leans), encoding="utf-8")
            reports[leans] = evaluate(engine, read_cases(part))
    return reports


def follow_up_lines(engine: Engine, path: Path) -> list[str]:
    """hit@1 and hit@3 of a follow-up file, leaning and standing-alone questions apart."""
    return [f"  {report.in_scope} that {'lean on the question before' if leans else 'stand alone'}: "
            f"hit@1 {_share(report.hit1, report.in_scope)}, hit@3 {_share(report.hit3, report.in_scope)}"
            for leans, report in by_leaning(engine, path).items()]


def comparison_lines(engine: Engine, path: Path) -> list[str]:
    """The comparison report of a comparison file."""
    r = evaluate_comparisons(engine, path)
    return [f"  documents shown: {_share(r.shown, r.answering)} in {r.questions} questions",
            f"  comparison lines answering: {_share(r.lines_answering, r.lines)}, at least related: {_share(r.lines_related, r.lines)}"
            f" ({r.lines_unjudged} not judged)",
            f"  named document first: {_share(r.named_first, r.named)}"]


def _share(count: int, of: int) -> str:
    return f"{count} of {of} ({count / of:.3f})" if of else "n/a"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    settings = Settings.from_env()
    parser.add_argument("--corpus", type=Path, default=settings.corpus_dir)
    parser.add_argument("--index", type=Path, default=settings.index_path)
    args = parser.parse_args(argv)
    engine = Engine.open(args.index, args.corpus)
    for path in args.files:
        try:
            first = json.loads(next(line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()))
            lines = comparison_lines(engine, path) if "answers" in first else follow_up_lines(engine, path)
        except (OSError, ValueError, KeyError, StopIteration) as exc:
            parser.exit(2, f"guidebot: {path}: not a follow-up or comparison file ({exc})\n")
        print(f"{path}:", *lines, sep="\n")


if __name__ == "__main__":
    main()
