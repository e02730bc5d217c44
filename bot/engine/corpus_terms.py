"""The corpus read into index terms: each clause's text tokenized once, its
想定質問 (its own, or lent by bot.engine.borrow) and the BM25 document they make.

bot.engine.index writes what this reads; ``corpus check`` reads it to show loans.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from bot.corpus.files import load_corpus
from bot.corpus.model import Clause, Document
from bot.corpus.questions import read_questions
from bot.corpus.thesaurus_file import THESAURUS_FILE, read_groups
from bot.engine import borrow, tokens
from bot.engine.analyzer import Analysis, Analyzer
from bot.engine.thesaurus import Thesaurus
from bot.engine.tokens import Tokenizer

# How many times each field's terms count in a clause's BM25 document.
FIELD_REPEATS = {"heading": 3, "path": 1, "body": 1, "questions": 1}
# A clause without 想定質問 of its own (a newly ingested guideline's) has its
# text count this many times more: own wording would otherwise be most of its
# BM25 document, and borrowed wording is secondhand (bot.engine.borrow).
UNASKED_TEXT_REPEATS = 3

def sentences(clause: Clause) -> list[str]:
    """The sentences of the clause's body (for an FAQ entry, its answer), in order:
    the candidates for the sentence an answer quotes."""
    return [clause.body[start:end].strip() for start, end in tokens.sentence_spans(clause.body)]


class ClauseTerms(NamedTuple):
    """What the index keeps of a clause's text."""

    bm25: list[str]  # its BM25 document: each field's terms repeated by the field's weight
    sentences: list[tuple[str, list[str]]]  # each sentence with its terms
    readings: set[tuple[str, str]]  # (reading, term) of its heading and body nouns
    questions: list[str]  # the terms of its 想定質問, its own or borrowed
    fields: dict[str, list[str]]  # each field's terms, for BM25F (an FAQ entry)
    weights: dict[str, float]  # each field's BM25F weight: its share of the BM25 document, text at FIELD_REPEATS


class ClauseText(NamedTuple):
    """A clause's own text, tokenized once."""

    heading: Analysis
    sentences: list[tuple[str, Analysis]]
    path: list[str]

    def terms(self) -> list[str]:
        """The terms of its heading and body: what it says."""
        return self.heading.terms + [t for _, a in self.sentences for t in a.terms]


def read_clause(analyzer: Analyzer, clause: Clause) -> ClauseText:
    """Tokenize a clause's heading, sentences and path."""
    return ClauseText(
        analyzer.analyze(clause.heading),
        [(s, analyzer.analyze(s)) for s in sentences(clause)],
        analyzer.document_terms("\n".join(clause.path)),
    )


def question_terms(analyzer: Analyzer, question: str) -> list[str]:
    """Terms of a 想定質問: no compounds (casual wording glues nouns by accident: インスタ投稿)."""
    return analyzer.document_terms(question, compounds=False)


def clause_terms(text: ClauseText, questions: list[str], unasked: bool = False) -> ClauseTerms:
    """A clause's BM25 document, sentences and readings, from its text and its 想定質問
    terms; the text of a clause ``unasked`` (without 想定質問 of its own) counts
    UNASKED_TEXT_REPEATS times."""
    fields = {
        "heading": text.heading.terms,
        "path": text.path,
        "body": [t for _, a in text.sentences for t in a.terms],
        "questions": questions,
    }
    text_repeats = UNASKED_TEXT_REPEATS if unasked else 1
    repeats = {name: FIELD_REPEATS[name] * (1 if name == "questions" else text_repeats) for name in fields}
    bm25 = [t for name, terms in fields.items() for t in terms * repeats[name]]
    readings = text.heading.readings.union(*(a.readings for _, a in text.sentences))
    weights = {name: repeat / text_repeats for name, repeat in repeats.items()}
    return ClauseTerms(bm25, [(s, a.terms) for s, a in text.sentences], readings, questions, fields, weights)


class Reading(NamedTuple):
    """Everything the index is built from."""

    documents: list[Document]
    clauses: list[Clause]
    terms: list[ClauseTerms]  # aligned with clauses
    loans: list[borrow.Loan]
    groups: list[dict]  # the thesaurus, as read
    analyzer: Analyzer


def read_corpus(corpus_dir: Path, tokenizer: Tokenizer, progress=None) -> Reading:
    """Read and tokenize the corpus, its 想定質問 and thesaurus; lend 想定質問 to the
    clauses that have none (bot.engine.borrow)."""
    documents = load_corpus(corpus_dir)
    questions, _ = read_questions(corpus_dir, documents)
    groups = read_groups(corpus_dir / THESAURUS_FILE)
    analyzer = Analyzer(tokenizer, Thesaurus.build(groups, tokenizer))
    clauses = [clause for doc in documents for clause in doc.clauses]
    texts = [read_clause(analyzer, clause) for clause in (progress(clauses) if progress else clauses)]
    own = {cid: [question_terms(analyzer, q) for q in qs] for cid, qs in questions.items()}
    closed = {doc.id for doc in documents if not doc.borrow}
    group_terms = [[analyzer.thesaurus.group_term(t) for t in text.terms()] for text in texts]
    loans = borrow.lend(
        [c.id for c in clauses], [c.doc_id for c in clauses], group_terms,
        {cid: [[analyzer.thesaurus.group_term(t) for t in q] for q in qs] for cid, qs in own.items()},
        borrowers={c.id for c in clauses if c.id not in questions and c.doc_id not in closed},
    )
    words = {cid: [t for q in qs for t in q] for cid, qs in own.items()}
    for loan in loans:
        words.setdefault(loan.borrower, []).extend(t for i in loan.questions for t in own[loan.lender][i])
    asked = any(own.values())  # the text repeats only weigh unasked clauses against asked ones
    terms = [clause_terms(text, words.get(c.id, []), asked and not own.get(c.id)) for c, text in zip(clauses, texts)]
    return Reading(documents, clauses, terms, loans, groups, analyzer)
