"""The engine end to end on the repo's corpus: answers, abstention, bad input, the index lifecycle."""

from __future__ import annotations

import logging
import shutil
import sqlite3
import threading
from contextlib import closing

import pytest

from bot.corpus.findings import CorpusError
from bot.corpus.model import Clause
from bot.engine import index as index_file
from bot.engine.answer import Problem
from bot.engine.corpus_terms import sentences
from bot.engine.policy import parallel_clauses_later
from bot.engine.search import Engine
from bot.engine.tokens import Tokenizer
from tests.conftest import CORPUS, damage_table


def test_lunch_break_question_is_answered_with_citations(engine):
    answer = engine.ask("昼休みに投稿していい?")
    assert answer.answered and answer.problem is None
    best = answer.results[0]
    assert best.clause.text and best.sentence in best.clause.text
    assert any(word in best.clause.text for word in ("昼休み", "休憩時間", "勤務時間"))
    assert all(h.clause.doc_id != best.clause.doc_id for h in answer.references)
    scores = [h.score for h in answer.results]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("question", ["ソーシャルメディアにはどのようなものがありますか", "匿名による発信も制限を受けるのですか"])
def test_an_faq_entry_is_quoted_from_its_answer_not_its_question(engine, question):
    answer = engine.ask(question)
    hits = [*answer.results, *answer.references]
    faq = [h for h in hits if h.clause.is_faq]
    assert faq and all(h.sentence and h.sentence in h.clause.body for h in faq)


@pytest.mark.parametrize("question", ["伏せ字を使えば書いてもいい？", "市の悪評を見つけたら報告？"])
def test_the_same_rule_for_work_and_private_use_does_not_take_two_top_places(engine, question):
    # 芦屋市 repeats its rules for work (5) and private use (8, 9) under the same headings
    results = engine.ask(question).results
    titles = [(h.clause.doc_id, h.clause.heading) for h in results]
    assert titles[0] != titles[1] and titles[0] in titles[2:]  # the repeat is still listed, lower


def test_a_repeated_heading_moves_behind_the_next_other_rule():
    titled = {1: ("a", "規則"), 2: ("a", "規則"), 3: ("a", "規則"), 4: ("b", "規則"), 5: ("a", ""), 6: ("a", "")}
    assert parallel_clauses_later([1, 2, 3, 4, 5, 6], titled) == [1, 4, 2, 3, 5, 6]


@pytest.mark.parametrize("question", ["残業中にインスタに投稿するのは？", "LINEもSNSに含まれる？", "仕事中にツイッターを見るだけならいい？"])
def test_every_reference_would_answer_the_question_itself(engine, question):
    answer = engine.ask(question)
    query = engine.analyze(question)
    with closing(sqlite3.connect(engine.index_path)) as index:  # the index file: each clause's id and number
        numbers = dict(index.execute("select id, n from clauses"))
    assert answer.answered and answer.references
    assert all(engine.answers(query, numbers[h.id], h.score) for h in answer.references)


def test_results_have_stable_ids_and_respect_top(engine):
    answer = engine.ask("写真を載せていい？", top=3)
    assert 1 <= len(answer.results) <= 3
    for hit in answer.results:
        assert hit.id == f"{hit.clause.doc_id}:{hit.clause.number}"


def test_out_of_scope_question_abstains_but_suggests(engine):
    answer = engine.ask("出張旅費の精算はどうすればいい？")
    assert not answer.answered
    assert answer.problem is None and answer.results  # the nearest clauses, offered as suggestions


@pytest.mark.parametrize("question", ["仕事中にLINEしてもいい？", "仕事中 SNS", "しごと中にらいんしてもいい？"])
def test_short_questions_on_a_guideline_topic_are_answered(engine, question):
    answer = engine.ask(question)
    assert answer.answered and "勤務時間" in answer.results[0].clause.text


def test_the_same_words_without_a_guideline_topic_are_not(engine):
    assert not engine.ask("勤務時間は何時まで？").answered


def test_an_everyday_office_word_alone_does_not_make_an_office_question_a_guideline_one(engine):
    # 共有 and パスワード are words of topic groups, but also plain office words
    assert not engine.ask("共有フォルダの場所はどこ？").answered
    assert not engine.ask("業務システムのパスワードを忘れた").answered
    assert engine.ask("インスタで写真を共有していい？").answered
    assert engine.ask("SNSのパスワードを使い回すのは？").answered


def test_english_questions_reach_the_japanese_clauses(engine):
    answer = engine.ask("Do I need approval to open an official account?")
    assert answer.answered and "承認" in answer.results[0].clause.text


@pytest.mark.parametrize(
    "question, name",
    [
        ("mixiもソーシャルメディアに入る？", "mixi"),
        ("ソーシャルメディアにmixiも入る？", "mixi"),  # the name after the SNS word it merges with
        ("掲示板もガイドラインの対象？", "掲示板"),
        ("Does the guideline cover LinkedIn?", "linkedin"),
    ],
)
def test_asking_whether_a_named_service_is_covered_finds_the_clause_naming_it(engine, question, name):
    # every SNS name shares one thesaurus group; here the name asked about must count
    answer = engine.ask(question)
    assert answer.answered and name in answer.results[0].clause.text.casefold()


def test_only_a_thing_followed_by_mo_and_an_inclusion_word_asks_whether_it_is_covered(engine):
    def asks(question):
        return engine.analyze(question).asks_inclusion

    assert asks("TikTokも対象？") and asks("ブログも含まれますか") and asks("Is LinkedIn covered?")
    assert not asks("何を書いても対象？") and not asks("対象になるのはSNSも？") and not asks("TikTokに投稿していい？")
    assert not asks("How do I apply to open an official account?") and not asks("What should I include in my application?")


def test_posting_on_a_day_off_is_in_scope_but_leave_itself_is_not(engine):
    on_leave = engine.ask("有休の日にインスタ投稿していい？")
    assert on_leave.answered and "休暇" in on_leave.results[0].clause.text
    assert not engine.ask("有給は何日？").answered
    assert not engine.ask("有給休暇の繰越しって何日までできる？").answered


@pytest.mark.parametrize(
    "question, problem",
    [("", Problem.EMPTY), ("   \n\t ", Problem.EMPTY), ("？！。、…", Problem.NO_WORDS), ("😀🎉👍", Problem.NO_WORDS),
     ("あ" * 10_000, Problem.TOO_LONG)],
)
def test_unusable_questions_get_a_clear_message(engine, question, problem):
    answer = engine.ask(question)
    assert (answer.answered, answer.results, answer.problem) == (False, (), problem)


@pytest.mark.parametrize("question", ["昼休み\x00に\x1b[31m投稿\u200bしていい?", "ＳＮＳで😀写真をupしていい？", "Can I post on Instagram during 昼休み?", "\udcff写真を載せていい？"])
def test_control_characters_emoji_and_mixed_scripts_still_search(engine, question):
    answer = engine.ask(question)
    assert answer.problem is None and answer.results


def test_terminal_escape_sequences_do_not_change_the_answer(engine):
    plain = engine.ask("写真を載せていい？")
    escaped = engine.ask("\x1b[2J\x1b[31m写真を載せていい？\x1b]0;title\x07")
    assert [hit.id for hit in escaped.results] == [hit.id for hit in plain.results]


def test_org_setting_puts_that_guideline_first(seed_index, tokenizer):
    question = "勤務時間中にSNSを使っていい？"
    for org in ("ashiya", "tsuyama", "soumu"):
        answer = Engine(seed_index, org=org, tokenizer=tokenizer).ask(question)
        assert answer.results[0].clause.doc_id == org


def test_queries_never_touch_the_corpus(engine):
    before = {p.name: p.read_bytes() for p in CORPUS.iterdir() if p.is_file()}
    for question in ["昼休みに投稿していい?", "", "x" * 5000]:
        engine.ask(question)
    assert {p.name: p.read_bytes() for p in CORPUS.iterdir() if p.is_file()} == before


def test_index_is_rebuilt_when_the_corpus_changes(tmp_path, tokenizer):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    index = tmp_path / "index.sqlite"
    assert not Engine.open(index, corpus, tokenizer=tokenizer).ask("ペンギンの飼育について").answered
    (corpus / "zoo.md").write_text(
        "---\nid: zoo\ntitle: 動物園ガイドライン\n---\n\n## [1] ペンギンの飼育\n\nペンギンの飼育は飼育係が行い、写真の発信は広報が行う。\n",
        encoding="utf-8",
    )
    answer = Engine.open(index, corpus, tokenizer=tokenizer).ask("ペンギンの飼育について")
    assert answer.answered and answer.results[0].id == "zoo:1"


def test_corrupt_index_is_rebuilt_from_the_corpus(tmp_path, tokenizer):
    index = tmp_path / "index.sqlite"
    index.write_bytes(b"this is not sqlite" * 100)
    assert Engine.open(index, CORPUS, tokenizer=tokenizer).ask("昼休みに投稿していい?").results


def test_missing_or_corrupt_index_without_corpus_is_a_clear_error(tmp_path, tokenizer):
    with pytest.raises(index_file.IndexUnavailable, match="index not found"):
        Engine.open(tmp_path / "none.sqlite", tokenizer=tokenizer)
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"\0" * 4096)
    with pytest.raises(index_file.IndexUnavailable, match="unreadable|rebuild"):
        Engine.open(bad, tokenizer=tokenizer)


def test_an_index_damaged_inside_is_a_clear_error_when_asked(seed_index, tmp_path, tokenizer):
    index = tmp_path / "damaged.sqlite"
    shutil.copyfile(seed_index, index)
    damage_table(index, "postings")
    engine = Engine(index, tokenizer=tokenizer)
    with pytest.raises(index_file.IndexUnavailable, match=f"unreadable.*guidebot index build --index {index}"):
        engine.ask("昼休みに投稿していい?")


def test_an_index_path_with_url_characters_works(tmp_path, tokenizer):
    index = tmp_path / "a#b?c%41" / "index.sqlite"
    assert Engine.open(index, CORPUS, tokenizer=tokenizer).ask("昼休みに投稿していい?").answered
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a#b?c%41"]


def test_an_index_that_cannot_be_written_is_a_clear_error(tmp_path, tokenizer):
    (tmp_path / "file").write_text("not a directory", encoding="utf-8")
    for path, reason in [(tmp_path / "file" / "index.sqlite", "cannot write the index"), (tmp_path, "is a directory")]:
        with pytest.raises(index_file.IndexUnavailable, match=reason):
            index_file.build(CORPUS, path, tokenizer)


def test_the_index_never_replaces_a_corpus_file(tmp_path, tokenizer):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    before = (corpus / "ashiya.md").read_bytes()
    with pytest.raises(index_file.IndexUnavailable, match="would replace a corpus file"):
        Engine.open(corpus / "ashiya.md", corpus, tokenizer=tokenizer)
    assert (corpus / "ashiya.md").read_bytes() == before


def test_when_the_index_cannot_be_rebuilt_the_old_one_still_answers(tmp_path, tokenizer, caplog):
    corpus, index = tmp_path / "corpus", tmp_path / "index.sqlite"
    shutil.copytree(CORPUS, corpus)
    Engine.open(index, corpus, tokenizer=tokenizer)
    (corpus / "zoo.md").write_text("---\nid: zoo\ntitle: 動物園\n---\n\n## [1] ペンギン\n\nペンギンの写真の発信は広報が行う。\n", encoding="utf-8")
    index_file.temporary_path(index).mkdir()  # a directory where the new index would be written
    answer = Engine.open(index, corpus, tokenizer=tokenizer).ask("昼休みに投稿していい?")
    [warning] = [r for r in caplog.records if r.name == "guidebot.engine" and r.levelno == logging.WARNING]
    assert answer.answered and "answering from the existing index" in warning.getMessage()
    assert not index_file.is_current(index, corpus)


def test_sentences_are_not_cut_inside_brackets():
    body = "この指針は、職員(臨時職員を含む。以下「職員」という。)に適用する。次に「注意。」と書く。\n二行目！"
    clause = Clause(doc_id="a", number="1", heading="", body=body, path=(), refs=(), is_faq=False, line=1)
    assert sentences(clause) == [
        "この指針は、職員(臨時職員を含む。以下「職員」という。)に適用する。", "次に「注意。」と書く。", "二行目！",
    ]


def test_a_quoted_sentence_is_a_whole_sentence(engine):
    for question in ["ガイドラインの適用範囲は？", "非常勤の職員にも適用される？", "昼休みに投稿していい?"]:
        for hit in engine.ask(question).results:
            assert hit.sentence[0] not in ")）」』" and hit.sentence in hit.clause.body


def test_a_typo_in_the_thesaurus_does_not_stop_the_answers(tmp_path, tokenizer, caplog):
    corpus, index = tmp_path / "corpus", tmp_path / "index.sqlite"
    shutil.copytree(CORPUS, corpus)
    Engine.open(index, corpus, tokenizer=tokenizer)
    with (corpus / "thesaurus.toml").open("a", encoding="utf-8") as thesaurus:
        thesaurus.write('\n[[group]]\nwords = ["a"\n')
    answer = Engine.open(index, corpus, tokenizer=tokenizer).ask("昼休みに投稿していい?")
    err = "\n".join(r.getMessage() for r in caplog.records if r.name == "guidebot.engine")
    assert answer.answered and "thesaurus.toml:" in err and "answering from the existing index" in err
    with pytest.raises(CorpusError, match="thesaurus.toml"):
        index_file.build(corpus, tmp_path / "new.sqlite", tokenizer)


def test_an_engine_keeps_answering_from_its_own_index_when_a_rebuild_replaces_the_file(tmp_path, tokenizer):
    corpus, index = tmp_path / "corpus", tmp_path / "index.sqlite"
    shutil.copytree(CORPUS, corpus)
    old = Engine.open(index, corpus, tokenizer=tokenizer)
    size = old.size
    (corpus / "zoo.md").write_text(
        "---\nid: zoo\ntitle: 動物園\n---\n\n## [1] ペンギンの飼育\n\nペンギンの写真の発信は広報が行う。\n", encoding="utf-8"
    )
    index_file.build(corpus, index, tokenizer)
    answers = []
    worker = threading.Thread(target=lambda: answers.append(old.ask("ペンギンの飼育について")))  # a thread new to it
    worker.start()
    worker.join()
    assert not answers[0].answered and old.size == size
    assert Engine(index, tokenizer=tokenizer).ask("ペンギンの飼育について").results[0].id == "zoo:1"
    old.close()
    with pytest.raises(index_file.IndexUnavailable):
        old.ask("昼休みに投稿していい?")


def test_an_edit_saved_while_the_index_is_built_is_not_taken_as_indexed(tmp_path, tokenizer):
    corpus, index = tmp_path / "corpus", tmp_path / "index.sqlite"
    shutil.copytree(CORPUS, corpus)

    def edit_midway(clauses):
        for n, clause in enumerate(clauses):
            if n == len(clauses) // 2:
                (corpus / "zoo.md").write_text(
                    "---\nid: zoo\ntitle: 動物園\n---\n\n## [1] ペンギン\n\nペンギンの写真の発信は広報が行う。\n", encoding="utf-8"
                )
            yield clause

    index_file.build(corpus, index, tokenizer, progress=edit_midway)
    assert not index_file.is_current(index, corpus)
    assert Engine.open(index, corpus, tokenizer=tokenizer).ask("ペンギンの写真の発信").results[0].id == "zoo:1"



def test_close_waits_for_the_question_being_answered(seed_index, tokenizer):
    entered, release = threading.Event(), threading.Event()

    class Paused(Tokenizer):  # pauses mid-question, once armed, so that close() comes while it is answered
        armed = False

        def morphs(self, text):
            if self.armed:
                self.armed = False
                entered.set()
                release.wait(10)
            return super().morphs(text)

    paused = Paused()
    engine, answers = Engine(seed_index, tokenizer=paused), []
    paused.armed = True
    worker = threading.Thread(target=lambda: answers.append(engine.ask("昼休みに投稿していい?")))
    worker.start()
    assert entered.wait(10)
    engine.close()
    release.set()
    worker.join(10)
    assert answers and answers[0].answered
    with pytest.raises(index_file.IndexUnavailable):
        engine.ask("写真を載せていい？")
