"""How often borrowed staff wording comes from the right clause (bot.engine.borrow).

In leave-one-out the truth is known: a seed document's clauses have 想定質問
of their own, and asked in the whole corpus each of those questions finds,
in every other document, the clause that answers it there. A loan to a
clause of the document left out *agrees* when its lender is one of the
clauses its own 想定質問 find (answered, best of the lender's document).

``python -m bot.measure.loans [--corpus DIR]`` prints, per document and in
all, the loans that agree and the clauses that got at least one agreeing
loan among those whose own 想定質問 find anything.
"""

from __future__ import annotations

import argparse
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bot.config import Settings
from bot.corpus.files import load_corpus
from bot.corpus.questions import read_questions
from bot.engine import index as index_file
from bot.engine.search import Engine
from bot.engine.tokens import Tokenizer
from bot.measure.hits import leave_one_out_indexes, rate


@dataclass
class LoanReport:
    """Loans to the clauses of documents left out, and how many agree with their own 想定質問."""

    loans: int = 0
    agreeing: int = 0
    borrowers: int = 0  # clauses whose own 想定質問 find a clause of another document
    borrowers_agreeing: int = 0  # of those, with at least one agreeing loan

    def add(self, other: "LoanReport") -> None:
        for name in ("loans", "agreeing", "borrowers", "borrowers_agreeing"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def precision(self) -> float:
        """The share of loans that agree with the borrower's own 想定質問."""
        return rate(self.agreeing, self.loans) or 0.0

    @property
    def reach(self) -> float:
        """The share of borrowers with at least one agreeing loan."""
        return rate(self.borrowers_agreeing, self.borrowers) or 0.0


def found_by_own_questions(index_path: Path, questions: dict[str, tuple[str, ...]], doc_id: str,
                           other_docs: list[str], tokenizer: Tokenizer) -> dict[str, set[str]]:
    """Per clause of ``doc_id``, the clauses of ``other_docs`` its own 想定質問 find: for each
    question and each other document, that document's best clause, when it answers."""
    found: dict[str, set[str]] = {}
    for other in other_docs:
        engine = Engine(index_path, cite=other, tokenizer=tokenizer)
        try:
            for clause_id, asked in questions.items():
                if clause_id.startswith(f"{doc_id}:"):
                    for question in asked:
                        answer = engine.ask(question, top=1)
                        if answer.answered and answer.results:
                            found.setdefault(clause_id, set()).add(answer.results[0].id)
        finally:
            engine.close()
    return found


def evaluate_loans(corpus_dir: Path, tokenizer: Tokenizer) -> dict[str, LoanReport]:
    """Per seed document with 想定質問: its loans when left out, checked against what its own 想定質問 find."""
    documents = load_corpus(corpus_dir)
    questions, _ = read_questions(corpus_dir, documents)
    reports = {}
    with tempfile.TemporaryDirectory(prefix="guidebot-loans-") as tmp:
        whole = Path(tmp) / "index.sqlite"
        index_file.build(corpus_dir, whole, tokenizer)
        with leave_one_out_indexes(corpus_dir, tokenizer) as indexes:
            for doc_id, index_path in indexes.items():
                others = [doc.id for doc in documents if doc.id != doc_id]
                truth = found_by_own_questions(whole, questions, doc_id, others, tokenizer)
                engine = Engine(index_path, tokenizer=tokenizer)
                try:
                    loans = [loan for loan in engine.loans() if loan["borrower"].startswith(f"{doc_id}:")]
                finally:
                    engine.close()
                report = LoanReport(loans=len(loans))
                report.agreeing = sum(loan["lender"] in truth.get(loan["borrower"], ()) for loan in loans)
                report.borrowers = len(truth)
                report.borrowers_agreeing = len({loan["borrower"] for loan in loans if loan["lender"] in truth.get(loan["borrower"], ())})
                reports[doc_id] = report
    return reports


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bot.measure.loans", description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=None, help="corpus folder (default: GUIDEBOT_CORPUS or corpus/)")
    args = parser.parse_args()
    reports = evaluate_loans(args.corpus or Settings.from_env().corpus_dir, Tokenizer())
    whole = LoanReport()
    for doc_id, report in [*reports.items(), ("all", whole)]:
        if doc_id != "all":
            whole.add(report)
        print(f"{doc_id:<16} loans agreeing {report.agreeing}/{report.loans} ({report.precision:.3f}); "
              f"clauses with an agreeing loan {report.borrowers_agreeing}/{report.borrowers} ({report.reach:.3f})")


if __name__ == "__main__":
    main()
