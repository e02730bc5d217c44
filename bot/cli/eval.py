"""`guidebot eval`: hit@1, hit@3, MRR and abstention on a question file, as one organization or each its own."""

from __future__ import annotations

import re
import tempfile
from dataclasses import replace
from pathlib import Path

import click

from bot.cli.engine import index_option, open_engine, org_option
from bot.config import Settings
from bot.engine.tokens import Tokenizer
from bot.measure.hits import (by_organization, evaluate, leave_one_out, leave_one_out_indexes, read_cases, total,
                          with_documents)


@click.command("eval")
@click.argument("question_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--misses", is_flag=True, help="Also list the questions answered wrongly.")
@click.option("--leave-one-out", "loo", is_flag=True,
              help="Each document in turn without its 想定質問, asked as its organization the questions labelled with it (docs).")
@click.option("--documents", "documents_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="First ingest these guideline files beside the corpus, as a new city would (id and org from the file name).")
@index_option
@org_option
def eval_command(question_file: Path, misses: bool, loo: bool, documents_dir: Path | None, index_path: Path | None,
                 org: str | None, cite: str | None) -> None:
    """Measure hit@1, hit@3, MRR and abstention on a question file.

    Questions with an "org" are asked as that organization and count only its
    own clause (own-clause hit@k)."""
    try:
        cases = read_cases(question_file)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    settings = Settings.from_env()
    cite = settings.cite if cite is None else cite
    _warn_unknown_labels(cases, settings.corpus_dir, documents_dir)
    if loo:
        tokenizer = Tokenizer()
        with leave_one_out_indexes(settings.corpus_dir, tokenizer) as indexes:
            reports = leave_one_out(indexes, cases, tokenizer, cite)
        for doc_id, report in reports.items():
            _echo_report(f"{question_file} without {doc_id}'s 想定質問, asked as {doc_id}", report, misses)
        _echo_report(f"{question_file}, leave-one-out, all documents", total(reports.values()), False)
    elif documents_dir or any(case.org for case in cases):
        with tempfile.TemporaryDirectory(prefix="guidebot-eval-") as tmp:
            tokenizer = Tokenizer()
            if documents_dir:
                try:
                    index_path = with_documents(settings.corpus_dir, documents_dir, Path(tmp), tokenizer)
                except ValueError as exc:
                    raise click.ClickException(str(exc)) from None
            else:
                index_path = open_engine(index_path, "").index_path
            asked = [case if case.org or org is None else replace(case, org=org) for case in cases]
            own = by_organization(index_path, [c for c in asked if not c.own_silent], tokenizer, cite)
            for name, report in own.items():
                metrics = report.metrics
                click.echo(f"  {name or '(no org)':<24} {report.in_scope:>4} in scope  hit@1 {_rate(metrics['hit@1'])}  "
                           f"hit@3 {_rate(metrics['hit@3'])}  out-of-scope abstention {_rate(metrics['out-of-scope abstention'])}")
            _echo_report(f"{question_file}, own clause", total(own.values()), misses)
            silent = [c for c in asked if c.own_silent]
            if silent:
                _echo_report(f"{question_file}, own documents silent", total(by_organization(index_path, silent, tokenizer, cite).values()), misses)
    else:
        _echo_report(str(question_file), evaluate(open_engine(index_path, org, cite), cases), misses)


def _warn_unknown_labels(cases, corpus_dir: Path, documents_dir: Path | None) -> None:
    """A warning for each document or organization a question names that the corpus (and the added files) lack."""
    from bot.corpus.files import load_corpus
    from bot.ingest.files import document_id

    known = {name for doc in load_corpus(corpus_dir) for name in (doc.id, doc.organization)}
    if documents_dir:
        known |= {document_id(p, None) for p in documents_dir.iterdir() if p.is_file() and p.stem.lower() != "readme"
                  and re.search(r"[a-z0-9]", p.stem.lower())}
    for label in sorted({d for c in cases for d in c.docs} | {c.org for c in cases if c.org} - known):
        if label not in known:
            click.echo(f"guidebot: the question file names '{label}', which no document has; its questions count for nothing", err=True)


def _rate(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _echo_report(title: str, report, misses: bool) -> None:
    click.echo(f"{title}: {report.in_scope} in scope, {report.out_of_scope} out of scope")
    for name, value in report.metrics.items():
        click.echo(f"  {name:<24} {_rate(value)}")
    if misses:
        for case, answer in report.misses:
            got = answer.results[0].id if answer.results else "-"
            click.echo(f"  MISS answered={answer.answered!s:<5} top={got:<22} {case.question}")
