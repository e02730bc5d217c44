"""`guidebot ingest` (guideline files into the corpus) and `guidebot corpus check|list|borrowed`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from bot.cli.engine import open_engine
from bot.config import Settings
from bot.corpus.files import document_ids, load_corpus
from bot.corpus.findings import CorpusError
from bot.corpus.markdown import dump_document
from bot.corpus.model import Document
from bot.ingest import IngestError, Result
from bot.ingest.check import check
from bot.ingest.staging import write_all

MAX_LINES = 40


def corpus_option(func):
    return click.option("--corpus", "corpus_dir", type=click.Path(file_okay=False, path_type=Path),
                        help="Corpus directory (default: corpus/).")(func)


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@corpus_option
@click.option("--org", default="", help="Organization id for the documents (e.g. ashiya).")
@click.option("--title", default="", help="Document title (default: read from the file).")
@click.option("--id", "doc_id", default=None, help="Document id (default: from the file name; one file only).")
@click.option("--replace", is_flag=True, help="Replace documents that are already in the corpus.")
def ingest(files: tuple[Path, ...], corpus_dir: Path | None, org: str, title: str, doc_id: str | None, replace: bool) -> None:
    """Add guideline files (.txt .md .pdf .docx) and FAQ tables (.csv .xlsx) to the corpus."""
    from bot.ingest.files import document_id, ingest_file  # the PDF, Word and Excel readers: only to ingest

    if doc_id and len(files) > 1:
        raise click.UsageError("--id names one document; give one file or leave --id out")
    corpus_dir = corpus_dir or Settings.from_env().corpus_dir
    existing = document_ids(corpus_dir)
    results: list[tuple[Path, Path, Result]] = []
    try:
        for path in files:
            ident = document_id(path, doc_id)
            target = _target(path, ident, corpus_dir, existing, replace)
            if any(t == target for _, t, _ in results):
                raise IngestError(path, f"two inputs would both become '{ident}'", "Ingest them one at a time with --id")
            results.append((path, target, ingest_file(path, ident, title, org, _progress)))
    except IngestError as exc:
        raise click.ClickException(f"{exc}\nNothing was written to {corpus_dir}.") from None
    try:
        write_all([(target, dump_document(result.document)) for _, target, result in results])
    except OSError as exc:
        failed = getattr(exc, "filename2", None) or exc.filename  # a move names its target second
        where = f" ({failed})" if failed else ""
        raise click.ClickException(f"cannot write to {corpus_dir}: {exc.strerror or exc}{where}\n"
                                   f"Nothing was written to {corpus_dir}.") from None
    for path, target, result in results:
        _report(path, target, result)


def _target(source: Path, ident: str, corpus_dir: Path, existing: dict[str, Path], replace: bool) -> Path:
    """The corpus file for document ``ident``: its current file with --replace, else a new ``ident.md``."""
    owner = existing.get(ident)
    if owner and not replace:
        raise IngestError(source, f"document id '{ident}' is already in the corpus ({owner})",
                          "Pass --replace to overwrite it, or --id to choose another id")
    target = owner or corpus_dir / f"{ident}.md"
    holder = next((other for other, file in existing.items() if file == target and other != ident), None)
    if holder:
        raise IngestError(source, f"{target} already holds the document '{holder}'",
                          "Pass --id to choose another id for this file")
    return target


def _progress(rows, estimate: int):
    if estimate < 1000:
        yield from rows
        return
    with click.progressbar(length=estimate, label="Reading rows", file=sys.stderr) as bar:
        for row in rows:
            yield row
            bar.update(1)


def _report(source: Path, target: Path, result: Result) -> None:
    doc = result.document
    click.echo(f"{source} -> {target}")
    click.echo(f"  {doc.title} ({doc.kind}, {len(doc.clauses)} clauses)")
    tree = _tree(doc)
    for line in tree[:MAX_LINES]:
        click.echo(f"    {line}")
    if len(tree) > MAX_LINES:
        click.echo(f"    … {len(tree) - MAX_LINES} more groups")
    for notice in result.warnings[:MAX_LINES]:
        click.echo(f"  warning: {notice.where(source)}: {notice.message}")
    if len(result.warnings) > MAX_LINES:
        click.echo(f"  … {len(result.warnings) - MAX_LINES} more warnings")


def _tree(doc: Document) -> list[str]:
    """One line per group of clauses: its place in the document, count and first…last number."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for clause in doc.clauses:
        for depth in range(len(clause.path)):
            groups.setdefault(clause.path[: depth + 1], [])
        groups.setdefault(clause.path, []).append(clause.number)
    lines = []
    for path, numbers in groups.items():
        label = "  " * max(0, len(path) - 1) + (path[-1] if path else "(top level)")
        span = f"[{numbers[0]}]" + (f" … [{numbers[-1]}]" if len(numbers) > 1 else "") if numbers else ""
        lines.append(f"{label}  {len(numbers)} {span}".rstrip())
    return lines


@click.group("corpus")
def corpus() -> None:
    """Check and list the corpus documents."""


@corpus.command("check")
@corpus_option
def corpus_check(corpus_dir: Path | None) -> None:
    """Find duplicate ids, clauses without text, references that match no clause, and mistakes in the thesaurus and 想定質問 files."""
    corpus_dir = corpus_dir or Settings.from_env().corpus_dir
    documents, findings = check(corpus_dir)
    for finding in findings:
        click.echo(str(finding))
    errors = sum(f.level == "error" for f in findings)
    clauses = sum(len(d.clauses) for d in documents)
    click.echo(f"{len(documents)} documents, {clauses} clauses: {errors} errors, {len(findings) - errors} notes")
    if errors:
        sys.exit(1)


@corpus.command("list")
@corpus_option
def corpus_list(corpus_dir: Path | None) -> None:
    """Show the documents and their clause counts."""
    corpus_dir = corpus_dir or Settings.from_env().corpus_dir
    try:
        documents = load_corpus(corpus_dir)
    except CorpusError as exc:
        raise click.ClickException(f"{exc}\nRun 'guidebot corpus check' to see every problem.") from None
    for doc in documents:
        click.echo(f"{doc.id:<20} {doc.kind:<9} {len(doc.clauses):>7} clauses  {doc.title}")
    click.echo(f"{len(documents)} documents, {sum(len(d.clauses) for d in documents)} clauses")


@corpus.command("borrowed")
@click.option("--doc", "doc_id", default=None, help="Only this document's clauses.")
def corpus_borrowed(doc_id: str | None) -> None:
    """Show the staff wording (想定質問) each clause without its own borrows, and from which clause."""
    engine = open_engine(None, "")
    if doc_id is not None and doc_id not in engine.documents:
        raise click.ClickException(f"no document has the id '{doc_id}' (documents: {', '.join(sorted(engine.documents))})")
    shown = 0
    for loan in engine.loans():
        if doc_id in (None, loan["borrower"].split(":", 1)[0]):
            click.echo(f"{loan['borrower']:<24} <- {loan['lender']:<24} similarity {loan['similarity']:.2f}, {loan['questions']} questions")
            shown += 1
    click.echo(f"{shown} loans. A document stops borrowing with 'borrow: false' in its front matter; "
               "a clause, with an empty entry in its questions file (\"1(2)\" = []).")
