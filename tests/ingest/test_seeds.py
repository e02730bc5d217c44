"""Seed round trip: ingesting the raw seed texts reproduces the committed corpus, except reviewed differences."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.corpus.files import load_corpus
from bot.ingest.files import ingest_file
from tests.ingest.conftest import SEEDS

REPO = Path(__file__).resolve().parents[2]
EXPECTED = Path(__file__).with_name("expected_seed_differences.yaml")


def differences() -> set[tuple[str, str, str]]:
    """(document, clause, what differs) for every committed document made from a seed."""
    found = set()
    for doc in load_corpus(REPO / "corpus"):
        ingested = ingest_file(SEEDS / doc.source, doc.id).document
        mine = {c.number: c for c in ingested.clauses}
        theirs = {c.number: c for c in doc.clauses}
        for number in theirs.keys() - mine.keys():
            found.add((doc.id, number, "missing"))
        for number in mine.keys() - theirs.keys():
            found.add((doc.id, number, "extra"))
        for number in mine.keys() & theirs.keys():
            for field in ("heading", "body", "path"):
                if getattr(mine[number], field) != getattr(theirs[number], field):
                    found.add((doc.id, number, field))
    return found


def test_every_seed_is_in_the_corpus():
    assert sorted(d.source for d in load_corpus(REPO / "corpus")) == sorted(p.name for p in SEEDS.glob("*.txt"))


def test_seed_round_trip_differs_only_where_reviewed():
    reviewed = yaml.safe_load(EXPECTED.read_text(encoding="utf-8"))
    expected = {(e["document"], str(e["clause"]), what) for e in reviewed for what in e["differs"]}
    assert all(e.get("reason") for e in reviewed), "every expected difference needs a reason"
    actual = differences()
    assert actual - expected == set(), "new differences: fix the ingester or review and list them"
    assert expected - actual == set(), "listed differences no longer happen: remove them from the list"


def test_seeds_printed_to_pdf_read_back_as_their_text(tmp_path, files):
    """Each seed rendered to a PDF, with a running header and page numbers, gives the same document."""
    for seed in sorted(SEEDS.glob("*.txt")):
        pdf = files.pdf(tmp_path / f"{seed.stem}.pdf", seed.read_text(encoding="utf-8").splitlines(), header="職員向け資料")
        from_text, from_pdf = ingest_file(seed, "x").document, ingest_file(pdf, "x").document
        assert from_pdf.clauses == from_text.clauses, seed.name
        assert (from_pdf.title, from_pdf.issuer, from_pdf.date) == (from_text.title, from_text.issuer, from_text.date)
