"""`guidebot bench`: build time, latency, start-up and memory; FAQ ranking on LocalgovFAQ; the Slack front end under load."""

from __future__ import annotations

from pathlib import Path

import click

from bot.config import ROOT, Settings

LOCALGOVFAQ_DIR = ROOT / "bench-data" / "localgovfaq"  # never committed: it has no licence


@click.command()
@click.option("--questions", "question_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=ROOT / "tests" / "eval" / "questions.jsonl", show_default=True, help="Questions to time.")
@click.option("--size", "sizes", type=int, multiple=True, default=[100_000], show_default=True,
              help="Clauses in a generated corpus (repeatable; 0 for the seed corpus only).")
@click.option("--rounds", default=20, show_default=True, help="Passes over the questions on the seed corpus.")
@click.option("--localgovfaq", "faq_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help=f"LocalgovFAQ folder for FAQ ranking quality (default: {LOCALGOVFAQ_DIR.relative_to(ROOT)} when present).")
@click.option("--http", "http_only", is_flag=True, help="Only the Slack front end: burst, stalled connections, reconnects.")
def bench(question_file: Path, sizes: tuple[int, ...], rounds: int, faq_dir: Path | None, http_only: bool) -> None:
    """Benchmark build time, latency p50/p99, start-up and peak RSS; FAQ ranking on LocalgovFAQ; the Slack front end under load."""
    from bot.measure import localgovfaq
    from bot.measure.bench import run

    if http_only:
        from bot.measure.bench_http import run as run_http  # the Slack front end: loaded only to measure it

        return run_http(Settings.from_env().corpus_dir, click.echo)

    click.echo("targets: seed p50 <= 2 ms; 100k clauses p50 <= 10 ms, build <= 300 s, start-up <= 3 s")
    run(Settings.from_env().corpus_dir, question_file, [s for s in sizes if s > 0], rounds, click.echo)
    faq_dir = faq_dir or (LOCALGOVFAQ_DIR if LOCALGOVFAQ_DIR.is_dir() else None)
    if faq_dir is None:
        click.echo(f"LocalgovFAQ not measured: {LOCALGOVFAQ_DIR.relative_to(ROOT)} not found; get it: {localgovfaq.GET_IT}")
        return
    try:
        scores = localgovfaq.measure(faq_dir)
    except localgovfaq.DataError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"LocalgovFAQ ({scores.queries} queries, {faq_dir}): nDCG@10 {scores.ndcg:.3f}, Recall@10 {scores.recall:.3f}"
               f" (targets: nDCG@10 >= {localgovfaq.TARGET_NDCG}, Recall@10 >= {localgovfaq.TARGET_RECALL})")
