"""Follow-ups: a question that leans on the one before is read with it as context."""

from __future__ import annotations

import pytest

from bot.engine.followup import leans_on_previous
from bot.engine.answer import Problem


@pytest.mark.parametrize("question, leans", [
    ("じゃあ業務用スマホからなら？", True),   # opens by continuing
    ("その場合は誰に相談すればいい？", True),
    ("業務用のならどう？", True),            # names no topic of its own
    ("ところで、写真を載せてもいい？", False),  # changes the subject
    ("写真を載せてもいい？", False),          # names its own topic
    ("ついでに、写真を載せていい？", False),    # changes the subject
])
def test_which_questions_lean_on_the_one_before(engine, question, leans):
    assert leans_on_previous(question, engine.analyze(question)) is leans


def test_a_follow_up_is_read_with_the_earlier_question(engine):
    alone = engine.ask("業務用のならどう？")
    followed = engine.ask("業務用のならどう？", previous=["昼休みにSNSに投稿していい？"])
    assert followed.follows == "昼休みにSNSに投稿していい？" and not alone.follows
    assert followed.answered
    assert [h.id for h in followed.results[:3]] != [h.id for h in alone.results[:3]]


def test_a_question_naming_its_own_topic_stands_alone(engine):
    alone = engine.ask("写真を載せてもいい？")
    after = engine.ask("写真を載せてもいい？", previous=["昼休みにSNSに投稿していい？"])
    assert not after.follows and [h.id for h in after.results] == [h.id for h in alone.results]



def test_a_question_of_its_own_topic_in_a_thread_is_read_lightly_with_the_earlier_one(engine):
    # 「反論していい？」 after finding the city spoken ill of: 芦屋市 8(6) says not to argue back then
    alone = engine.ask("反論していい？")
    after = engine.ask("反論していい？", previous=["SNSで市の悪口が書かれてるのを見つけた"])
    assert not after.follows and after.answered
    assert after.results[0].id == "ashiya:8(6)" != alone.results[0].id
    assert "否定や反論をすることは避けること" in after.results[0].clause.text


def test_what_answers_a_question_of_its_own_topic_is_judged_on_it_alone(engine):
    # after 「昼休みに…」, 武蔵野市 Q13 (on lunch breaks) is no 参考 for a question on personal information
    alone = engine.ask("個人情報を投稿していい？")
    after = engine.ask("個人情報を投稿していい？", previous=["昼休みにSNSに投稿していい？"])
    assert len(alone.references) >= 2 and [h.id for h in after.references] == [h.id for h in alone.references]


def test_a_question_of_its_own_topic_is_not_answered_for_by_the_thread(engine):
    earlier = ["昼休みにSNSに投稿していい？"]
    for question in ("庁舎の駐車場を使う申請の方法を教えてください", "芦屋市の有給休暇は何日？"):
        assert not engine.ask(question).answered and not engine.ask(question, previous=earlier).answered


def test_a_one_word_follow_up_asks_about_that_very_thing(engine):
    answer = engine.ask("TikTokは？", previous=["ガイドラインの対象になるSNSって？"])
    assert answer.follows and answer.results[0].id == "ashiya:2" and "TikTok" in answer.results[0].clause.text
    # after a question on apps for a smartphone, 「パスワードは？」 is about passwords, not apps
    answer = engine.ask("パスワードは？", previous=["SNSのアプリをスマホに入れても大丈夫？"])
    assert answer.follows and "パスワードの管理を適切に行うこと" in answer.results[0].clause.text


def test_the_national_guideline_is_named_as_staff_name_it(engine):
    answer = engine.ask("国の職員だと？", previous=["勤務時間中にSNS見てもいい？"])
    assert answer.follows and answer.results[0].clause.doc_id == "soumu"
    assert {"国の職員", "国の公務員"} <= engine.names["soumu"] and "国の職員" not in engine.names["ashiya"]


@pytest.mark.parametrize("previous", [[""], ["x" * 5000], ["！？…😀"], []])
def test_unusable_earlier_questions_are_ignored(engine, previous):
    answer = engine.ask("じゃあ業務用スマホからなら？", previous=previous)
    assert answer.problem is None and not answer.follows
    assert [h.id for h in answer.results] == [h.id for h in engine.ask("じゃあ業務用スマホからなら？").results]


def test_an_earlier_question_that_leans_too_is_read_with_its_own_context(engine):
    answer = engine.ask("誰に相談すれば？", previous=["写真を載せていい？", "子どもが写ってたら？"])
    assert answer.follows == "子どもが写ってたら？" and answer.answered


def test_how_others_rule_is_the_earlier_question_with_the_named_document_first(engine):
    earlier = engine.ask("昼休みに投稿していい？")
    national = engine.ask("国家公務員の場合は？", previous=["昼休みに投稿していい？"])
    assert national.follows == "昼休みに投稿していい？" and national.results[0].clause.doc_id == "soumu"
    assert national.results[0].verdict == "禁止"
    others = engine.ask("他の自治体では？", previous=["昼休みに投稿していい？"])
    assert [h.id for h in others.results] == [h.id for h in earlier.results]
    assert len({h.clause.doc_id for h in others.references}) >= 2


def test_a_question_naming_a_document_cites_it_first(engine):
    answer = engine.ask("津山市では写真を載せていい？")
    assert answer.results[0].clause.doc_id == "tsuyama" and answer.references
    assert engine.names["soumu"] >= {"soumu", "国家公務員"} and "芦屋市" in engine.names["ashiya"]


@pytest.mark.parametrize("question", ["言い返したら？", "スクショされたら？", "閲覧だけで書き込まなければ？"])
def test_a_conditional_cut_short_leans_on_the_one_before(engine, question):
    assert leans_on_previous(question, engine.analyze(question))


def test_asking_how_a_named_document_words_it_is_a_comparison(engine):
    answer = engine.ask("津山市だとどう書いてある？", previous=["他人のイラストを勝手にアイコンにしていい？"])
    assert answer.follows and answer.results[0].clause.doc_id == "tsuyama"


def test_a_generic_title_names_no_one():
    from bot.engine.naming import document_names

    assert document_names({"id": "g1", "org": "g1", "title": "ソーシャルメディアの利用に関するガイドライン"}) == {"g1"}
    assert "国家公務員" in document_names({"id": "n", "org": "n", "title": "国家公務員のソーシャルメディアの私的利用に当たっての留意点"})


@pytest.mark.parametrize("question", ["有給は何日？", "芦屋市の有給休暇は何日？", "別件ですが、他の自治体の有給は？"])
def test_another_subject_is_not_read_as_a_follow_up(engine, question):
    answer = engine.ask(question, previous=["昼休みに投稿していい？"])
    assert not answer.follows and not answer.answered


@pytest.mark.parametrize("question", ["？？？", "😀"])
def test_symbols_are_no_question_even_after_one(engine, question):
    assert engine.ask(question, previous=["昼休みに投稿していい？"]).problem is Problem.NO_WORDS


def test_how_other_cities_rule_puts_the_others_first(seed_index, tokenizer):
    from bot.engine.search import Engine

    answer = Engine(seed_index, org="tsuyama", tokenizer=tokenizer).ask("他の自治体では？", previous=["昼休みに投稿していい？"])
    assert answer.follows and answer.results[0].clause.doc_id != "tsuyama"


def test_a_named_document_that_is_silent_is_said_to_be(engine):
    from bot.render.terminal import render_text

    answer = engine.ask("芦屋市は？", previous=["昼休みに投稿していい？"])
    assert answer.answered and answer.results[0].clause.doc_id != "ashiya"
    assert answer.silent == ("芦屋市職員ソーシャルメディア利用ガイドライン",) and not answer.elsewhere
    assert "芦屋市職員ソーシャルメディア利用ガイドラインには該当する記載が見つからない" in render_text(answer, "広報課")
    assert not engine.ask("国家公務員の場合は？", previous=["昼休みに投稿していい？"]).silent


@pytest.mark.parametrize("title, name", [("東村山市職員のSNS利用指針", "東村山市"), ("町田市職員のSNS", "町田市"),
                                         ("和水町公式SNS運用要綱", "和水町")])
def test_a_title_names_its_municipality_whole(title, name):
    from bot.engine.naming import document_names

    assert name in document_names({"id": "t", "org": "t", "title": title})


@pytest.mark.parametrize("title", ["本市職員のSNS利用", "県職員のソーシャルメディア利用"])
def test_this_city_or_the_prefecture_names_no_one(title):
    from bot.engine.naming import document_names

    assert document_names({"id": "tt", "org": "tt", "title": title}) == {"tt"}
