"""FAQ ranking measured on LocalgovFAQ: nDCG@10 and Recall@10.

LocalgovFAQ (Amagasaki city: 1,786 FAQ entries, 749 residents' questions
with graded relevance) is read from the JSON copy in the public repository
mahiya/japanese-text-embedding-benchmark (``dataset/corpus.json``,
``queries.json``, ``qrels.json``). It has no licence, so it is never part of
this repository: a developer copies it into ``bench-data/localgovfaq/``.

The protocol: the entries become a table ``id,question,answer`` (question =
the text before ``\\nAnswer: `` without ``Question: ``), ingested as a city
would ingest its FAQ, into an empty corpus (no other document, and not the
shipped thesaurus: its words are about social media), indexed; every query, newlines
replaced by spaces, is asked for the top 10; nDCG@10 uses linear gain (the
grade, 1 or 2) and the ideal DCG of the query's own grades; Recall@10 is the
share of a query's graded entries in its top 10; both are averaged over
the queries.
"""

from __future__ import annotations

import csv
import json
import math
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bot.corpus.files import write_text_atomic
from bot.corpus.markdown import dump_document
from bot.engine import index as index_file
from bot.engine.search import Engine
from bot.ingest.files import ingest_file

FILES = ("corpus.json", "queries.json", "qrels.json")
DOC_ID = "localgovfaq"
K = 10
TARGET_NDCG, TARGET_RECALL = 0.55, 0.68
GET_IT = (
    "git clone https://github.com/mahiya/japanese-text-embedding-benchmark && "
    "mkdir -p bench-data/localgovfaq && cp japanese-text-embedding-benchmark/dataset/*.json bench-data/localgovfaq/"
)


class DataError(ValueError):
    """The LocalgovFAQ folder is missing a file or a file is not what it should be."""


@dataclass(frozen=True)
class Dataset:
    entries: dict[str, tuple[str, str]]  # entry id -> (question, answer)
    queries: dict[str, str]  # query id -> question
    qrels: dict[str, dict[str, int]]  # query id -> {entry id: grade}


@dataclass(frozen=True)
class Scores:
    queries: int
    ndcg: float
    recall: float


def dcg(gains: list[float]) -> float:
    """Discounted cumulative gain of gains in rank order (rank 1 first)."""
    return sum(gain / math.log2(rank + 1) for rank, gain in enumerate(gains, start=1))


def ndcg_at(ranked: list[str], grades: dict[str, int], k: int = K) -> float:
    """nDCG@k with linear gain: the ranking's DCG over the ideal DCG of the query's own grades."""
    ideal = dcg(sorted(grades.values(), reverse=True)[:k])
    return dcg([grades.get(entry, 0) for entry in ranked[:k]]) / ideal if ideal else 0.0


def recall_at(ranked: list[str], grades: dict[str, int], k: int = K) -> float:
    """The share of the query's graded entries among the first k."""
    relevant = {entry for entry, grade in grades.items() if grade > 0}
    return len(relevant & set(ranked[:k])) / len(relevant) if relevant else 0.0


def score(rankings: dict[str, list[str]], qrels: dict[str, dict[str, int]], k: int = K) -> Scores:
    """Mean nDCG@k and Recall@k over the queries of ``qrels`` (a query without a ranking scores 0)."""
    if not qrels:
        raise DataError("no graded queries")
    ndcgs = [ndcg_at(rankings.get(q, []), grades, k) for q, grades in qrels.items()]
    recalls = [recall_at(rankings.get(q, []), grades, k) for q, grades in qrels.items()]
    return Scores(len(qrels), sum(ndcgs) / len(ndcgs), sum(recalls) / len(recalls))


def split_entry(text: str) -> tuple[str, str]:
    """(question, answer) of a corpus entry 'Question: …\\nAnswer: …'."""
    question, sep, answer = text.partition("\nAnswer: ")
    if not sep:
        raise DataError(f"an entry without '\\nAnswer: ': {text[:60]!r}")
    return question.removeprefix("Question: ").strip(), answer.strip()


def load(folder: Path) -> Dataset:
    """The three JSON files of a LocalgovFAQ folder, checked."""
    missing = [name for name in FILES if not (folder / name).is_file()]
    if missing:
        raise DataError(f"{folder}: {', '.join(missing)} not found; get the data: {GET_IT}")
    corpus, queries, qrels = (_read_json(folder / name) for name in FILES)
    entries = {str(i): split_entry(text) for i, text in corpus.items()}
    graded = {str(q): {str(e): int(g) for e, g in grades.items()} for q, grades in qrels.items()}
    unknown = sorted({e for grades in graded.values() for e in grades} - set(entries)) + sorted(set(graded) - set(map(str, queries)))
    if unknown:
        raise DataError(f"{folder}: qrels.json names entries or queries the other files lack: {', '.join(unknown[:5])}")
    return Dataset(entries, {str(q): text for q, text in queries.items()}, graded)


def _read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(f"{path}: not readable JSON ({exc})") from None
    if not isinstance(data, dict):
        raise DataError(f"{path}: expected a JSON object keyed by id")
    return data


def write_table(entries: dict[str, tuple[str, str]], path: Path) -> None:
    """The entries as the FAQ table a city would bring: columns id, question, answer."""
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "question", "answer"])
        writer.writerows([entry, question, answer] for entry, (question, answer) in entries.items())


def build_index(data: Dataset, work: Path) -> Path:
    """Ingest the entries into an empty corpus under ``work``; the index path."""
    corpus_dir = work / "corpus"
    corpus_dir.mkdir(parents=True)
    table = work / "localgovfaq.csv"
    write_table(data.entries, table)
    result = ingest_file(table, DOC_ID, "LocalgovFAQ", DOC_ID)
    write_text_atomic(corpus_dir / f"{DOC_ID}.md", dump_document(result.document))
    index_path = work / "localgovfaq.sqlite"
    index_file.build(corpus_dir, index_path)
    return index_path


def rankings(engine: Engine, queries: dict[str, str], k: int = K) -> dict[str, list[str]]:
    """Each query's top-k entry ids (its clause numbers), best first."""
    return {q: [hit.clause.number for hit in engine.ask(text.replace("\n", " "), top=k).results] for q, text in queries.items()}


def measure(folder: Path) -> Scores:
    """nDCG@10 and Recall@10 of the engine on the LocalgovFAQ data in ``folder``."""
    data = load(folder)
    with tempfile.TemporaryDirectory(prefix="guidebot-localgovfaq-") as tmp:
        engine = Engine(build_index(data, Path(tmp)))
        try:
            return score(rankings(engine, {q: data.queries[q] for q in data.qrels}), data.qrels)
        finally:
            engine.close()
