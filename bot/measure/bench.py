"""`guidebot bench`: build time, latency, start-up and memory, on the seed corpus
and on a generated corpus of many clauses; ingest and index time of a FAQ
table of as many rows.

Each measurement that needs a fresh process (index build, start-up to the
first answer, ingest) runs `python -m bot` as a child, so its wall time and peak
RSS are the child's own.
"""

from __future__ import annotations

import csv
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bot.measure import bench_http
from bot.corpus.files import load_corpus
from bot.corpus.markdown import dump_document
from bot.corpus.model import Clause, Document
from bot.corpus.thesaurus_file import THESAURUS_FILE
from bot.engine.search import Engine
from bot.measure.hits import read_cases

CLAUSES_PER_DOCUMENT = 1000
TABLE_TOPICS = ["勤務時間", "写真", "匿名", "選挙", "個人情報", "アカウント", "炎上", "著作権"]
TABLE_TARGETS = "targets for 100,000 rows: ingest <= 60 s, index <= 150 s"


@dataclass(frozen=True)
class Result:
    name: str
    clauses: int
    build_seconds: float
    build_peak_mb: float
    p50_ms: float
    p99_ms: float
    startup_seconds: float
    startup_peak_mb: float


def run_child(args: list[str]) -> tuple[float, float]:
    """Run `python -m bot ARGS`; return (wall seconds, peak RSS in MB)."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "bot", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"guidebot {' '.join(args)} failed: {process.stderr.read().decode(errors='replace')}")
    process.stderr.close()
    return elapsed, usage.ru_maxrss / 1024


def latencies(index_path: Path, questions: list[str], rounds: int) -> list[float]:
    """Per-question latency in ms, after start-up, over ``rounds`` passes."""
    engine = Engine(index_path)
    for question in questions:  # warm caches the way a running bot has them
        engine.ask(question)
    times = []
    for _ in range(rounds):
        for question in questions:
            started = time.perf_counter()
            engine.ask(question)
            times.append((time.perf_counter() - started) * 1000)
    return times


def measure(name: str, corpus_dir: Path, work: Path, questions: list[str], rounds: int) -> Result:
    index_path = work / f"{name}.sqlite"
    build_seconds, build_peak = run_child(["index", "build", "--corpus", str(corpus_dir), "--index", str(index_path)])
    startup_seconds, startup_peak = run_child(["ask", "--json", "--index", str(index_path), questions[0]])
    times = sorted(latencies(index_path, questions, rounds))
    clauses = sum(len(doc.clauses) for doc in load_corpus(corpus_dir))
    return Result(
        name, clauses, build_seconds, build_peak,
        statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.99))],
        startup_seconds, startup_peak,
    )


def generate_corpus(seed_dir: Path, target: Path, clauses: int) -> None:
    """Write a corpus of ``clauses`` clauses made by shuffling the seed corpus' sentences."""
    rng = random.Random(20261122)
    seed_clauses = [c for doc in load_corpus(seed_dir) for c in doc.clauses]
    sentences = [s for c in seed_clauses for s in c.body.replace("。", "。\n").splitlines() if s.strip()]
    headings = [c.heading for c in seed_clauses if c.heading]
    target.mkdir(parents=True, exist_ok=True)
    for number in range(0, clauses, CLAUSES_PER_DOCUMENT):
        doc_id = f"gen{number // CLAUSES_PER_DOCUMENT:04d}"
        generated = tuple(
            Clause(doc_id, str(i + 1), rng.choice(headings), "".join(rng.sample(sentences, rng.randint(2, 4))), ("生成",))
            for i in range(min(CLAUSES_PER_DOCUMENT, clauses - number))
        )
        document = Document(doc_id, f"生成ガイドライン{doc_id}", clauses=generated)
        (target / f"{doc_id}.md").write_text(dump_document(document), encoding="utf-8")
    shutil.copy(seed_dir / THESAURUS_FILE, target / THESAURUS_FILE)


def write_faq_table(path: Path, rows: int) -> None:
    """Write a FAQ table (CSV: id, question, answer, category) of ``rows`` generated
    rows and one more, F777777, on ペンギン飼育係, that a question can find."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["id", "question", "answer", "category"])
        for n in range(1, rows + 1):
            topic = TABLE_TOPICS[n % len(TABLE_TOPICS)]
            out.writerow([f"F{n}", f"{topic}について質問{n}番はどうなりますか。", f"{topic}の回答{n}番です。所属長に相談してください。", topic])
        out.writerow(["F777777", "ペンギン飼育係の投稿ルールは？", "ペンギン飼育係は水族館アカウントから投稿してください。", "特別"])


def measure_table(work: Path, rows: int, echo) -> None:
    """Ingest a generated FAQ table of ``rows`` rows and index it, each in a process of its own; echo the times."""
    source, corpus_dir = work / f"table{rows}.csv", work / f"table{rows}"
    write_faq_table(source, rows)
    ingest_seconds, _ = run_child(["ingest", str(source), "--corpus", str(corpus_dir), "--title", "大規模FAQ"])
    build_seconds, _ = run_child(["index", "build", "--corpus", str(corpus_dir), "--index", str(work / f"table{rows}.sqlite")])
    echo(f"FAQ table of {rows:,} rows: ingest {ingest_seconds:.1f} s, index {build_seconds:.1f} s ({TABLE_TARGETS})")


def run(seed_dir: Path, question_file: Path, sizes: list[int], rounds: int, echo) -> list[Result]:
    """Measure the seed corpus and a generated corpus of each size, then a FAQ table
    of each size; echo a line per result."""
    questions = [case.question for case in read_cases(question_file)]
    results = []
    with tempfile.TemporaryDirectory(prefix="guidebot-bench-") as tmp:
        work = Path(tmp)
        echo(f"{'corpus':<10} {'clauses':>8} {'build s':>8} {'build MB':>9} {'p50 ms':>7} {'p99 ms':>7} {'start s':>8} {'start MB':>9}")
        corpora = [("seed", seed_dir, rounds)]
        for size in sizes:
            generated = work / f"gen{size}"
            generate_corpus(seed_dir, generated, size)
            corpora.append((f"gen{size // 1000}k", generated, 1))
        for name, corpus_dir, passes in corpora:
            r = measure(name, corpus_dir, work, questions, passes)
            results.append(r)
            echo(
                f"{r.name:<10} {r.clauses:>8} {r.build_seconds:>8.1f} {r.build_peak_mb:>9.0f} "
                f"{r.p50_ms:>7.2f} {r.p99_ms:>7.2f} {r.startup_seconds:>8.2f} {r.startup_peak_mb:>9.0f}"
            )
        for size in sizes:
            measure_table(work, size, echo)
    echo(f"(this process peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")
    bench_http.run(seed_dir, echo)
    return results
