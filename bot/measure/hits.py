"""Answer quality on a question file: hit@1, hit@3, MRR and abstention.

A question file is JSON Lines: ``{"question", "expect_any": [phrases]}`` —
a result is right when its clause text (NFKC, whitespace removed) contains
any phrase — or ``{"question", "out_of_scope": true}`` — the engine should
abstain. Optional fields: ``docs``, the documents that answer the question
(labels for the leave-one-out evaluation), and ``org``, the organization
the question is asked as (``--org``): it is then right only when the
organization's own clause contains a phrase, unless ``own_silent`` says its
documents have nothing on it; and ``previous``, the conversation's earlier
questions (a follow-up).

``leave_one_out`` measures how a newly ingested guideline answers: each
document in turn loses its own 想定質問 (``leave_one_out_indexes``) and is
asked, as its organization, the questions it answers.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from bot.corpus.files import load_corpus
from bot.corpus.questions import QUESTIONS_DIR
from bot.engine import index as index_file
from bot.engine.answer import Answer
from bot.engine.search import Engine
from bot.engine.tokens import Tokenizer
from bot.render.display import main_hits

RANKS = 10


@dataclass(frozen=True)
class Case:
    question: str
    expect_any: tuple[str, ...] = ()
    out_of_scope: bool = False
    docs: tuple[str, ...] = ()
    org: str = ""
    own_silent: bool = False
    previous: tuple[str, ...] = ()


@dataclass
class Report:
    """Evaluation results; rates are fractions of the in-scope or out-of-scope questions.

    hit@k and MRR measure the ranking: they count the top clauses even when
    the engine abstained (false abstention counts those separately)."""

    in_scope: int = 0
    out_of_scope: int = 0
    hit1: int = 0
    hit3: int = 0
    reciprocal_ranks: float = 0.0
    abstained_out_of_scope: int = 0
    abstained_in_scope: int = 0
    misses: list[tuple[Case, Answer]] = field(default_factory=list)

    def add(self, other: "Report") -> None:
        """Count another report's questions in this one."""
        for name in ("in_scope", "out_of_scope", "hit1", "hit3", "reciprocal_ranks", "abstained_out_of_scope", "abstained_in_scope"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses += other.misses

    @property
    def metrics(self) -> dict[str, float | None]:
        """Each rate, or None when the file has no questions of its kind."""
        return {
            "hit@1": rate(self.hit1, self.in_scope),
            "hit@3": rate(self.hit3, self.in_scope),
            "MRR": rate(self.reciprocal_ranks, self.in_scope),
            "out-of-scope abstention": rate(self.abstained_out_of_scope, self.out_of_scope),
            "false abstention": rate(self.abstained_in_scope, self.in_scope),
        }


def rate(count: float, of: int) -> float | None:
    """``count`` as a share of ``of``, or None when there is nothing to count."""
    return count / of if of else None


def compact(text: str) -> str:
    """NFKC with all whitespace removed: how expected phrases are matched."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def read_cases(path: Path | str) -> list[Case]:
    """The questions of a JSON Lines file; ValueError with file:line on a malformed line."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path}: not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise ValueError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    cases = []
    for lineno, line in enumerate(lines, start=1):
        if line.strip():
            try:
                cases.append(_case(json.loads(line)))
            except ValueError as exc:  # json.JSONDecodeError is one
                raise ValueError(f"{path}:{lineno}: {exc}") from None
    if not cases:
        raise ValueError(f"{path}: no questions")
    return cases


def _case(data) -> Case:
    """One question line, checked: a non-empty question, and non-empty phrases or out_of_scope: true."""
    if not isinstance(data, dict) or not isinstance(data.get("question"), str) or not data["question"].strip():
        raise ValueError('not a question line: {"question": "...", "expect_any": ["..."]} or {"question": "...", "out_of_scope": true}')
    out_of_scope = data.get("out_of_scope", False)
    if not isinstance(out_of_scope, bool):
        raise ValueError("out_of_scope must be true or false")
    phrases = data.get("expect_any", [])
    if not isinstance(phrases, list) or not all(isinstance(p, str) and compact(p) for p in phrases):
        raise ValueError("expect_any must be a list of non-empty phrases")
    if not out_of_scope and not phrases:
        raise ValueError("needs expect_any phrases or out_of_scope: true")
    docs, org = data.get("docs", []), data.get("org", "")
    if not isinstance(docs, list) or not all(isinstance(d, str) and d for d in docs):
        raise ValueError("docs must be a list of document ids")
    if not isinstance(org, str) or not isinstance(data.get("own_silent", False), bool):
        raise ValueError("org must be a document or organization id, own_silent true or false")
    previous = data.get("previous", [])
    if not isinstance(previous, list) or not all(isinstance(p, str) for p in previous):
        raise ValueError("previous must be a list of the earlier questions, oldest first")
    return Case(data["question"], tuple(phrases), out_of_scope, tuple(docs), org, data.get("own_silent", False), tuple(previous))


def rank_of_first_hit(case: Case, answer: Answer, within: frozenset[str] | None = None) -> int | None:
    """1-based rank of the first result containing an expected phrase (only
    results from the documents ``within`` count, when given)."""
    phrases = [compact(p) for p in case.expect_any]
    for rank, hit in enumerate(answer.results, start=1):
        text = compact(hit.clause.text)
        if (within is None or hit.clause.doc_id in within) and any(p in text for p in phrases):
            return rank
    return None


def evaluate(engine: Engine, cases: list[Case], own_clause: bool = False) -> Report:
    """Ask every question and score the answers; with ``own_clause``, a result
    is right only from the engine's organization's documents (except for a
    question they are silent on)."""
    report = Report()
    own = frozenset(engine.org_documents)
    for case in cases:
        answer = engine.ask(case.question, top=RANKS, previous=case.previous)
        if case.out_of_scope:
            report.out_of_scope += 1
            report.abstained_out_of_scope += not answer.answered
            if answer.answered:
                report.misses.append((case, answer))
            continue
        report.in_scope += 1
        report.abstained_in_scope += not answer.answered
        rank = rank_of_first_hit(case, answer, own if own_clause and not case.own_silent else None)
        report.hit1 += rank == 1
        report.hit3 += rank is not None and rank <= 3
        report.reciprocal_ranks += 1 / rank if rank else 0.0
        if rank != 1 or not answer.answered:
            report.misses.append((case, answer))
    return report


def by_organization(index_path: Path, cases: list[Case], tokenizer: Tokenizer, cite: str = "") -> dict[str, Report]:
    """Ask each question as its ``org`` (own clause first, citations limited by
    ``cite``), scoring own clauses; questions without an org are asked as no one.
    A report per organization."""
    reports = {}
    for org in sorted({case.org for case in cases}):
        engine = Engine(index_path, org=org, cite=cite, tokenizer=tokenizer)
        try:
            reports[org] = evaluate(engine, [c for c in cases if c.org == org], own_clause=bool(org))
        finally:
            engine.close()
    return reports


def total(reports) -> Report:
    """One report counting the questions of all of ``reports``."""
    whole = Report()
    for report in reports:
        whole.add(report)
    return whole


def with_documents(corpus_dir: Path, documents_dir: Path, work: Path, tokenizer: Tokenizer) -> Path:
    """An index of the corpus plus every guideline file in ``documents_dir``,
    ingested as a city would (id and organization from the file name, no
    想定質問), built in ``work``; returns the index path."""
    from bot.corpus.markdown import dump_document
    from bot.ingest import IngestError
    from bot.ingest.files import FORMATS, document_id, ingest_file

    corpus = work / "corpus"
    shutil.copytree(corpus_dir, corpus)
    for path in sorted(documents_dir.iterdir()):
        if path.suffix.lower() in FORMATS and path.stem.lower() != "readme":
            try:
                doc_id = document_id(path, None)
                document = ingest_file(path, doc_id, org=doc_id).document
            except IngestError as exc:
                raise ValueError(f"cannot ingest {exc}") from None
            if (corpus / f"{doc_id}.md").exists():
                raise ValueError(f"{path} would replace the corpus document '{doc_id}': rename the file")
            (corpus / f"{doc_id}.md").write_text(dump_document(document), encoding="utf-8")
    index_file.build(corpus, work / "index.sqlite", tokenizer)
    return work / "index.sqlite"


@contextmanager
def leave_one_out_indexes(corpus_dir: Path, tokenizer: Tokenizer):
    """For each document with 想定質問, an index of the corpus without them (in a
    temporary folder, removed afterwards): {document id: index path}."""
    questions_dir = Path(corpus_dir) / QUESTIONS_DIR
    with tempfile.TemporaryDirectory(prefix="guidebot-loo-") as tmp:
        indexes = {}
        for doc in load_corpus(corpus_dir):
            if (questions_dir / f"{doc.id}.toml").exists():
                work = Path(tmp) / doc.id
                shutil.copytree(corpus_dir, work / "corpus")
                (work / "corpus" / QUESTIONS_DIR / f"{doc.id}.toml").unlink()
                index_file.build(work / "corpus", work / "index.sqlite", tokenizer)
                indexes[doc.id] = work / "index.sqlite"
        yield indexes


def leave_one_out(indexes: dict[str, Path], cases: list[Case], tokenizer: Tokenizer, cite: str = "") -> dict[str, Report]:
    """Each document, in the index without its 想定質問, asked as its organization
    the questions it answers (labelled in ``docs``) and every out-of-scope question."""
    return {
        doc_id: total(by_organization(
            index_path, [replace(c, org=doc_id) for c in cases if c.out_of_scope or doc_id in c.docs], tokenizer, cite).values())
        for doc_id, index_path in indexes.items()
    }


@dataclass
class ComparisonReport:
    """How the answers compare documents, on questions several documents answer."""

    questions: int = 0
    answering: int = 0  # documents that answer, summed over the questions
    shown: int = 0  # of those, shown (cited or in the comparison) with a clause that answers
    lines: int = 0  # comparison lines shown
    lines_answering: int = 0  # of those, a clause with a labelled phrase
    lines_related: int = 0  # of those, a clause with a labelled or a related phrase
    lines_unjudged: int = 0  # of those, a clause with no answers, related or unrelated phrase
    named: int = 0  # follow-ups that name a document
    named_first: int = 0  # of those, answered with that document's clause first

    @property
    def metrics(self) -> dict[str, float | None]:
        rate = Report.rate
        return {
            "documents shown": rate(self, self.shown, self.answering),
            "comparison lines answering": rate(self, self.lines_answering, self.lines),
            "comparison lines at least related": rate(self, self.lines_related, self.lines),
            "named document first": rate(self, self.named_first, self.named),
        }


def evaluate_comparisons(engine: Engine, path: Path | str) -> ComparisonReport:
    """Score a comparison file: JSON Lines of ``{"question", "answers": {doc id:
    [phrases]}}``, optionally with ``related`` (phrases of clauses on the
    subject that do not answer it, in the same shape), ``unrelated`` (of
    clauses judged off the subject: a line judged, not counted), ``previous`` and
    ``named`` (the document a follow-up names)."""
    report = ComparisonReport()
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        data = json.loads(line)
        answers = {doc: [compact(p) for p in phrases] for doc, phrases in data["answers"].items()}
        related = {doc: [compact(p) for p in phrases] for doc, phrases in data.get("related", {}).items()}
        unrelated = {doc: [compact(p) for p in phrases] for doc, phrases in data.get("unrelated", {}).items()}
        answer = engine.ask(data["question"], top=RANKS, previous=data.get("previous", []))

        def answers_it(hit, labels=answers) -> bool:
            return any(p in compact(hit.clause.text) for p in labels.get(hit.clause.doc_id, ()))

        shown = [*main_hits(answer), *answer.references] if answer.answered else []
        report.questions += 1
        report.answering += len(answers)
        report.shown += len({hit.clause.doc_id for hit in shown if answers_it(hit)})
        report.lines += len(answer.references)
        report.lines_answering += sum(answers_it(hit) for hit in answer.references)
        report.lines_related += sum(answers_it(hit) or answers_it(hit, related) for hit in answer.references)
        report.lines_unjudged += sum(not any(answers_it(hit, labels) for labels in (answers, related, unrelated)) for hit in answer.references)
        if data.get("named"):
            report.named += 1
            report.named_first += bool(answer.results) and answer.results[0].clause.doc_id == data["named"] and answers_it(answer.results[0])
    return report
