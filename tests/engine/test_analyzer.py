"""Questions typed in hiragana, with the wrong kanji or in English find the words they mean."""

from __future__ import annotations

import pytest

from bot.engine.analyzer import COMPOUND_WEIGHT


def concepts(engine, question):
    return {c.term for c in engine.analyze(question).concepts}


@pytest.mark.parametrize(
    "question, words",
    [
        ("ひるやすみにとうこうしていい？", {"昼休み", "投稿"}),  # corpus words
        ("うらあかってばれる？", {"裏アカ"}),  # a thesaurus word the tokenizer splits into うら + 明く
        ("しごとちゅうにいんすたみてもいい？", {"仕事中", "インスタ"}),
        ("しごと中にらいんしてもいい？", {"仕事中", "ライン"}),  # half kana, half kanji
        ("ついったーにとうこうしていい？", {"ツイッター", "投稿"}),  # split as つ|いっ|た|ー: crosses an auxiliary
        ("えっくすにとうこうしていい？", {"えっくす", "投稿"}),  # a thesaurus word written in hiragana
    ],
)
def test_hiragana_spellings_become_the_words_they_read(engine, question, words):
    found = concepts(engine, question)
    assert words <= found


def test_a_kana_word_replaces_the_pieces_the_tokenizer_split_it_into(engine):
    assert "明く" not in concepts(engine, "うらあかってばれる？")


def test_verb_endings_are_not_read_as_nouns(engine):
    # 書か|ない|よう reads ナイヨウ like 内容, a corpus word; an auxiliary never starts a word
    assert "内容" in {t for c in engine.analyze("投稿の内容").concepts for t in c.terms}
    assert "内容" not in concepts(engine, "悪口を書かないようにする")
    # し|よう (volitional) reads シヨウ like 使用 and 私用
    assert not concepts(engine, "アカウントが乗っ取られたらどうしよう") & {"使用", "私用"}


def test_polite_framing_is_not_a_concept(engine):
    found = concepts(engine, "恐れ入りますが、懲戒処分の対象になるのはどのような場合でしょうか")
    assert "恐れ入る" not in found and "懲戒処分" in found
    assert concepts(engine, "届け出ないといけませんか") == {"届出"}  # いけない is how one asks "must I", not 行く


def test_a_misconverted_kanji_word_becomes_the_word_it_reads_as(engine):
    # 投降 (surrender) is an IME slip for 投稿; neither the corpus nor the thesaurus has it
    found = concepts(engine, "昼休に投降するのはOKですか")
    assert "投稿" in found and "投降" not in found


def test_a_known_word_is_never_replaced_by_a_homophone(engine):
    # 私用 and 使用 both read シヨウ and both are corpus words
    found = concepts(engine, "私用スマホで投稿していい？")
    assert "私用" in found and "使用" not in found


def test_english_function_words_are_not_concepts(engine):
    found = concepts(engine, "Is it OK to use my personal account at work?")
    assert not found & {"is", "it", "ok", "to", "my", "at"}
    assert "personal account" in found


def test_a_suffix_that_names_a_new_thing_makes_the_compound_a_concept(engine):
    # 公用車 is not 公用 (PCs and phones are); 職員証 is not 職員
    assert {"公用車"} <= concepts(engine, "公用車の予約方法は？")
    assert {"職員証"} <= concepts(engine, "職員証を落としたらどうする？")
    # 的 and さん only inflect their noun
    assert not concepts(engine, "著作権的にアウト？ 議員さんは？") & {"著作権的", "議員さん"}


def test_a_noun_compound_counts_less_than_its_parts(engine):
    # 研修資料 is searched as a phrase beside 研修 and 資料, which already count in full
    query = engine.analyze("研修資料を載せていい？")
    weight = {t: w for group in query.groups for t, w in group.items()}
    assert weight["研修資料"] == COMPOUND_WEIGHT < 1.0
    assert weight["研修"] == weight["資料"] == 1.0


def test_an_unknown_thing_named_by_a_suffix_keeps_the_question_out_of_scope(engine):
    assert not engine.ask("公用車を使いたいんだけど").answered


def test_a_phrase_match_does_not_merge_a_part_that_means_something_else(engine):
    # 投稿を消す is a deletion word; 投稿 itself stays a post, a concept of its own
    query = engine.analyze("投稿消したい")
    deletion = [c for c in query.concepts if "削除" in c.terms]
    posting = [c for c in query.concepts if "発信" in c.terms]
    assert len(deletion) == 1 and len(posting) == 1 and deletion != posting


def test_the_way_of_doing_is_not_a_topic(engine):
    def topical(question):
        return any(c.topic for c in engine.analyze(question).concepts)

    assert topical("署名を書いていい？")
    assert not topical("署名の書き方は？")


@pytest.mark.parametrize(
    "question, context, asked",
    [
        ("消防職員です。火災現場の写真を投稿していい？", {"消防", "職員"}, {"火災", "現場", "写真"}),
        ("障害福祉課の職員です。市の制度の誤解を見かけたら訂正していい？", {"障害", "福祉"}, {"制度", "誤解"}),
        ("道路課に勤務しています。工事の写真を個人で載せていい？", {"道路", "勤務"}, {"工事", "写真"}),
        ("同僚が上司の悪口を書いています。どうすれば？", set(), {"同僚", "悪口"}),  # what happened, not who asks
        ("課で公式アカウントを作りたい。手続きは？", set(), {"公式アカウント", "作る"}),
        ("職員です。職員証の写真を載せていい？", set(), {"職員"}),  # also asked about: counts in full
        ("SNSの利用は禁止ですか？具体的な基準を教えて。", set(), {"利用", "禁止"}),  # a question, not an introduction
        ("勤務時間中にSNSを見ました。処分されますか？", set(), {"勤務時間中"}),  # 勤務 as a noun, not 勤務しています
    ],
)
def test_words_that_only_introduce_the_asker_are_context(engine, question, context, asked):
    found = {c.term: c.context for c in engine.analyze(question).concepts}
    assert {term for term, is_context in found.items() if is_context} >= context
    assert not any(found[term] for term in asked)
