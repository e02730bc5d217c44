"""`guidebot corpus check` and `guidebot corpus list`."""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ONE_CLAUSE = "---\nid: city\ntitle: 市\n---\n\n## [1] 目的\n\n本文。\n"  # a valid document with one clause, [1]


def write(directory, name, text):
    directory.mkdir(exist_ok=True)
    (directory / name).write_text(text, encoding="utf-8")


def test_repo_corpus_is_clean_and_musashino_references_are_a_note(run):
    result = run("corpus", "check", "--corpus", REPO / "corpus")
    assert result.exit_code == 0, result.output
    assert "note: " in result.output and "musashino-faq.md:" in result.output
    assert "organization 'musashino'" in result.output and "0 errors" in result.output


def test_every_problem_with_file_and_line(run, tmp_path):
    corpus = tmp_path / "c"
    write(corpus, "a.md", "---\nid: city\ntitle: 市\n---\n\n## [1] 目的\n\n本文。\n\n## [1] 重複\n\n本文。\n\n## [2] 空\n\n## [3] 本文あり\n\n本文。\n")
    write(corpus, "b.md", "---\nid: city\ntitle: 市の別文書\n---\n\n## [1] 目的\n\n本文。\n")
    write(corpus, "faq.md", "---\nid: city-faq\ntitle: FAQ\nkind: faq\norg: city2\n---\n\n## [Q1] 質問【ガイドライン 5(2)】\n\n回答。\n")
    write(corpus, "guide2.md", "---\nid: city2\ntitle: 指針\n---\n\n## 5 禁止事項\n\n### [5(1)] 見出し\n\n本文。\n")
    result = run("corpus", "check", "--corpus", corpus)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert f"error: {corpus / 'a.md'}:10: clause number [1] already used on line 6" in lines
    assert f"error: {corpus / 'a.md'}:14: clause [2] has no text" in lines
    assert f"error: {corpus / 'b.md'}:2: document id 'city' is also used by {corpus / 'a.md'}" in lines
    assert f"error: {corpus / 'faq.md'}:8: [Q1] refers to 【ガイドライン 5(2)】, which matches no clause" in lines


def test_a_file_with_a_bad_front_matter_still_has_its_clauses_checked(run, tmp_path):
    corpus = tmp_path / "c"
    write(corpus, "a.md", "---\nid: city\ntitle: 市\nkind: memo\n---\n\n## [1] 目的\n\n本文。\n\n## [1] 重複\n\n本文。\n")
    result = run("corpus", "check", "--corpus", corpus)
    assert result.exit_code == 1
    assert f"error: {corpus / 'a.md'}:2: kind must be one of guideline, faq, not 'memo'" in result.output.splitlines()
    assert f"error: {corpus / 'a.md'}:11: clause number [1] already used on line 7" in result.output.splitlines()


def test_reference_to_a_group_or_clause_resolves(run, tmp_path):
    corpus = tmp_path / "c"
    write(corpus, "faq.md", "---\nid: faq\ntitle: FAQ\nkind: faq\norg: g\n---\n\n## [Q1] 質問【ガイドライン 5、5 (1)】\n\n回答。\n")
    write(corpus, "g.md", "---\nid: g\ntitle: 指針\n---\n\n## 5 禁止事項\n\n### [5(1)] 見出し\n\n本文。\n")
    result = run("corpus", "check", "--corpus", corpus)
    assert result.exit_code == 0, result.output


def test_list(run, tmp_path):
    corpus = tmp_path / "c"
    shutil.copytree(REPO / "corpus", corpus)
    result = run("corpus", "list", "--corpus", corpus)
    assert result.exit_code == 0
    assert any(line.startswith("ashiya") and "30 clauses" in line for line in result.output.splitlines())
    assert "4 documents, 125 clauses" in result.output


def test_list_of_a_broken_corpus_points_to_check(run, tmp_path):
    write(tmp_path / "c", "a.md", "no front matter\n")
    result = run("corpus", "list", "--corpus", tmp_path / "c")
    assert result.exit_code == 1 and "guidebot corpus check" in result.output


def test_question_files_are_checked(run, tmp_path):
    corpus = tmp_path / "c"
    write(corpus, "a.md", ONE_CLAUSE)
    write(corpus / "questions", "city.toml", '"1" = ["目的は？"]\n"7" = ["消えた条項"]\n')
    result = run("corpus", "check", "--corpus", corpus)
    assert result.exit_code == 0, result.output
    assert f"note: {corpus / 'questions' / 'city.toml'}:2: [7] is not a clause of 'city'; its questions are not searched" in result.output.splitlines()
    write(corpus / "questions", "city.toml", '"1" = "目的は？"\n')
    result = run("corpus", "check", "--corpus", corpus)
    assert result.exit_code == 1
    assert f"error: {corpus / 'questions' / 'city.toml'}:1: [1] needs a list of questions" in result.output


def test_the_thesaurus_is_checked(run, tmp_path):
    corpus = tmp_path / "c"
    write(corpus, "a.md", ONE_CLAUSE)
    write(
        corpus, "thesaurus.toml",
        '[[group]]\ntopic = true\nwords = ["投稿", "共有"]\neveryday = ["共有"]\n\n[[group]]\nwords = ["x", "y", "x"]\n'
        '\n[[group]]\nwords = ["ドローン"]\n\n[[group]]\nwords = ["スパチャ", "投稿"]\n',
    )
    result = run("corpus", "check", "--corpus", corpus)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert f"note: {corpus / 'thesaurus.toml'}:6: group 2 lists 'x' more than once" in lines
    assert f"note: {corpus / 'thesaurus.toml'}:9: group 3 has one word only: it links that word to nothing" in lines
    assert any(line.startswith(f"note: {corpus / 'thesaurus.toml'}:12: '投稿' is also in group 1") for line in lines)
    write(corpus, "thesaurus.toml", '[[group]]\nwords = ["投稿", "ポスト"]\n\n[[group]]\nwords = ["写真", "画像"]\neveryday = ["画像"]\n')
    result = run("corpus", "check", "--corpus", corpus)
    assert result.exit_code == 1
    assert f"error: {corpus / 'thesaurus.toml'}:4: group 2: everyday must list some of the words" in result.output


def test_thesaurus_notes_point_at_their_group_in_a_file_with_a_byte_order_mark(run, tmp_path):
    corpus = tmp_path / "c"
    write(corpus, "a.md", ONE_CLAUSE)
    thesaurus = '[[group]]\nwords = ["投稿", "ポスト"]\n\n[[group]]\nwords = ["x", "y", "x"]\n'
    (corpus / "thesaurus.toml").write_bytes(b"\xef\xbb\xbf" + thesaurus.encode())
    result = run("corpus", "check", "--corpus", corpus)
    assert f"note: {corpus / 'thesaurus.toml'}:4: group 2 lists 'x' more than once" in result.output.splitlines()


def test_faq_references_in_short_form_find_the_articles_items_of_an_ingested_rule(run, tmp_path):
    corpus = tmp_path / "c"
    rule = tmp_path / "kitei.txt"
    rule.write_text("○桜台市SNS規程\n令和2年4月1日\n訓令第3号\n(遵守事項)\n第3条 職員は、次に掲げる事項を守る。\n"
                    "(1) 秘密を発信しないこと。\n2 所属長は、職員を指導する。\n", encoding="utf-8")
    assert run("ingest", rule, "--corpus", corpus, "--org", "sakuradai").exit_code == 0
    faq = tmp_path / "faq.csv"
    faq.write_text("id,question,answer,refs\nQ1,秘密は？,発信しません。,第3条(1)\nQ2,指導は？,所属長がします。,第3条２項\n"
                   "Q3,罰則は？,あります。,第4条(1)\n", encoding="utf-8")
    assert run("ingest", faq, "--corpus", corpus, "--org", "sakuradai").exit_code == 0
    result = run("corpus", "check", "--corpus", corpus)
    assert "[Q1]" not in result.output and "[Q2]" not in result.output
    assert "[Q3] refers to 【第4条(1)】, which matches no clause" in result.output
