"""The verdict rules: every row of the table, the negation traps, the headings'
precedence, and the labelled sentences of the seed documents and other styles."""

from __future__ import annotations

import json
from typing import NamedTuple

import pytest

from bot.corpus.files import load_corpus
from bot.corpus.model import Clause
from bot.engine.corpus_terms import sentences
from bot.engine.verdict import LABELS, RULES, plain, heading_labels, verdict
from bot.measure.verdicts import cited_cases, evaluate, main, read_cases
from tests.conftest import CORPUS, REPO

EVAL = REPO / "tests" / "eval"


class Example(NamedTuple):
    sentence: str
    expected: str | None
    heading: str = "(1) 利用について"
    path: tuple[str, ...] = ()
    is_faq: bool = False

    @property
    def clause(self) -> Clause:
        return Clause("example", "1", self.heading, self.sentence, self.path, is_faq=self.is_faq)


# Sentences written for these tests, in the styles of guidelines, FAQs and 例規.
EXAMPLES = (
    # lead and headings that decide first
    Example("禁止事項は、次のとおりとする。", "情報", heading="禁止事項"),
    Example("職務上必要な場合は、この限りでない。", "禁止", path=("5 禁止事項",)),
    Example("非公開の写真を掲載すること。", "禁止", path=("してはならないこと",)),
    Example("他人の投稿を無断で転載することができる。", "禁止", heading="無断転載の禁止"),
    Example("投稿者を比較的容易に特定することができる。", "情報", path=("3 ソーシャルメディアの特性",)),
    Example("この規程は、職員に適用されるものとします。", "情報", heading="適用範囲"),
    Example("ブログは、誰でも発信できるメディアである。", "情報", heading="ソーシャルメディアとは"),
    # 禁止
    Example("職員は、勤務時間中にソーシャルメディアを利用してはならない。", "禁止"),
    Example("匿名であっても、同僚を中傷してはいけません。", "禁止"),
    Example("業務用端末から私用アカウントで発信を行わないこと。", "禁止"),
    Example("業務用パソコンで私用のSNSにログインしないでください。", "禁止"),
    Example("他人になりすまして投稿することを禁止します。", "禁止"),
    Example("市の方針に反する意見を職員として発信するべきではありません。", "禁止"),
    Example("上司が部下に友達申請を強要することはできない。", "禁止"),
    Example("職務上知り得た秘密を発信することは許されない。", "禁止"),
    # 条件付き
    Example("公式アカウントは、広報課長の承認を得て開設する。", "条件付き"),
    Example("利用方針が委員会に承認された後に、公式アカウントを取得するものとする。", "条件付き"),
    Example("職場の写真の掲載には、写っている職員の同意が必要です。", "条件付き"),
    Example("所属長は、公式アカウントの利用を委員会に申請し、その承認を得なければならない。", "条件付き"),
    Example("公式アカウントを開設したときは、情報政策課に届け出るものとする。", "条件付き"),
    Example("他人が写った写真は、本人の承諾を得た場合に限り掲載できる。", "条件付き"),
    Example("災害時の緊急の発信を除き、公式アカウントの投稿は決裁を経るものとする。", "条件付き"),
    Example("ただし、委員会が特に認めるものについては、この限りではない。", "条件付き"),
    Example("市政について意見を述べる場合は、身分を明らかにしたうえで発信すること。", "条件付き"),
    Example("判断に迷ったときは、上司の判断を仰いでから発信すること。", "条件付き"),
    Example("所属を明らかにする場合は、個人の見解である旨をあらかじめ断ることが必要であること。", "条件付き"),
    Example("市に関する意見を発信する場合には、職員である旨を明らかにするという姿勢が求められます。", "条件付き"),
    # 可
    Example("職員は、勤務時間外には、ソーシャルメディアを私的に利用することができる。", "可"),
    Example("市報に載った内容を紹介することは差し支えありません。", "可"),
    Example("市の公式アカウントの投稿をシェアしても構いません。", "可"),
    Example("個人アカウントで市の公式アカウントを閲覧することは制限されません。", "可"),
    Example("趣味の写真の投稿は禁止していません。", "可"),
    Example("私的利用においてアプリの利用は原則として自由です。", "可"),
    Example("コメント機能で情報を補足することも可能です。", "可"),
    Example("群衆を写した写真は一般的には問題ありません。", "可"),
    Example("公式サイトにリンクを張ることは、著作権侵害とはなりません。", "可"),
    Example("開庁時間の案内などは、むしろ積極的に発信することが望まれます。", "可"),
    Example("休日に地域のイベントを紹介してもよい。", "可"),
    Example("市民からのコメントにすべて返信する必要はありません。", "可"),
    # 注意
    Example("肖像権やプライバシー権に十分留意すること。", "注意"),
    Example("根拠のない噂の拡散は慎むこと。", "注意"),
    Example("誤解を生じさせた場合は、正しく理解されるよう努めること。", "注意"),
    Example("個人の見解である旨を明記することが望ましい。", "注意"),
    Example("発信日時がどう受け止められるか十分認識する必要があります。", "注意"),
    Example("節度ある言動を心がけること。", "注意"),
    Example("政治的行為の制限に抵触しないよう注意してください。", "注意"),
    Example("子どもの写真を載せるときは、家族の気持ちに配慮すること。", "注意"),
    Example("判断に迷う場合には発信を控えてください。", "注意"),
    Example("攻撃的な反応には、冷静に対処し、無用な議論を避けること。", "注意"),
    Example("スマートフォンのウイルス対策を怠らないこと。", "注意"),
    Example("ソーシャルメディア上での応答にこだわらないこと。", "注意"),
    Example("位置情報が公開されないようにしてください。", "注意"),
    Example("面識のない者からの友達申請を安易に受諾しないこと。", "注意"),
    Example("関係法令及び服務規程を遵守すること。", "注意"),
    Example("利用するサービスの設定を事前に確認すること。", "注意"),
    Example("職員としての自覚と責任を持つこと。", "注意"),
    Example("市の公式見解ではないことを明確にすること。", "注意"),
    Example("一度公開した情報は完全には消せないことを理解しておくこと。", "注意"),
    Example("発信の前に内容をもう一度見直す必要がある。", "注意"),
    Example("発信する情報は正確に記述しなければならない。", "注意"),
    Example("炎上を見つけた場合は、速やかに所属長に報告すること。", "注意"),
    Example("職員は、投稿が個人の見解であることを明示するものとする。", "注意"),
    Example("発信の前に、内容をもう一度読み返してください。", "注意"),
    # 情報
    Example("この規程において「秘密」とは、一般に知られていない事実をいう。", "情報"),
    Example("身分を隠した宣伝行為のことを「ステルスマーケティング」と言います。", "情報"),
    Example("このガイドラインは、会計年度任用職員にも適用する。", "情報"),
    Example("匿名による発信も、このガイドラインの対象となります。", "情報"),
    Example("職員が法令に違反した場合は、懲戒処分を受けることがある。", "情報"),
    Example("次に掲げる発信は、信用失墜行為に該当する場合があること。", "情報"),
    Example("この規程に定めるもののほか、必要な事項は、市長が別に定める。", "情報"),
    Example("削除した投稿も第三者に保存されているおそれがあること。", "情報"),
    Example("一般的な基準は立てがたいとされています。", "情報"),
    Example("市の公式アカウントは、広報課が運用しています。", "情報"),
    # headings that decide only when the sentence says nothing, and not for a list item
    Example("守秘義務を守り、情報の取扱いを慎重にすること。", "注意", path=("6 留意事項",)),
    Example("職務として情報を発信するときは、所属と氏名を明記すること。", "注意", heading="身分の表示に留意する"),
    Example("利用方針をウェブサイトに掲載すること。", "条件付き", path=("7 利用の手続",)),
    Example("利用するソーシャルメディアの種類", None, path=("7 利用の手続",)),
)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.sentence[:24])
def test_each_example_gets_its_verdict(example):
    assert verdict(example.sentence, example.clause) == example.expected


def _exercises(rule, example) -> bool:
    if rule.where in ("lead", "sentence"):
        return rule.matches(plain(example.sentence))
    if rule.where == "path":
        return any(rule.matches(label) for label in example.path)
    return not example.is_faq and rule.matches(example.heading)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.label}:{r.where}:{r.note}")
def test_every_rule_has_an_example(rule):
    assert rule.label in LABELS
    assert any(_exercises(rule, e) and e.expected == rule.label for e in EXAMPLES), "add an example for this rule"


@pytest.mark.parametrize("sentence, expected", [
    ("投稿することができる。", "可"),
    ("投稿することができない。", "禁止"),
    ("この要綱は、外部に公開することができるものとする。", "可"),
    ("勤務時間中は投稿できません。", None),
    ("投稿しても差し支えない。", "可"),
    ("投稿してもよいというわけではありません。", None),
    ("写真を投稿しても差し支えないとは言えません。", None),
    ("勤務時間中に投稿してはいけません。", "禁止"),
    ("勤務時間中に投稿してはなりません。", "禁止"),
    ("勤務時間中の投稿は禁止しています。", "禁止"),
    ("勤務時間中の投稿は禁止していません。", "可"),
    ("勤務時間中の投稿は禁止されていません。", "可"),
    ("勤務時間中の投稿は禁止されています。", "禁止"),
    ("業務外での利用は禁止されており、ログの記録もあります。", "禁止"),
    ("業務端末から私用アカウントにログインすることは禁止となります。", "禁止"),
    ("禁止されている内容を見つけた場合は、所属長に報告してください。", "注意"),
    ("本人の承諾を得ていない写真を掲載すること。", None),
    ("誤解されないようにしてください。", "注意"),
    ("誤解されるような投稿をしないでください。", "禁止"),
])
def test_negations_are_not_their_opposites(sentence, expected):
    assert verdict(sentence, Example(sentence, expected).clause) == expected


@pytest.mark.parametrize("sentence", [
    "承諾を得ているものであれば発信できますが、判断に迷うものについては発信してはいけません。",
    "公開された情報は投稿しても構いませんが、未発表の情報は投稿しないこと。",
])
def test_a_sentence_that_says_two_things_gets_none(sentence):
    assert verdict(sentence, Example(sentence, None).clause) is None


def test_allowed_with_care_or_a_condition_is_not_plain_allowed():
    care = "公表済みの内容は発信しても構いませんが、誤解を招かないよう留意してください。"
    condition = "本人の同意を得た場合に限り、写真を掲載することができる。"
    assert verdict(care, Example(care, None).clause) == "注意"
    assert verdict(condition, Example(condition, None).clause) == "条件付き"


def test_an_faq_question_is_not_a_heading_rule():
    sentence = "市の公式アカウントの投稿をシェアしても構いません。"
    assert verdict(sentence, Example(sentence, None, heading="シェアとは", is_faq=True).clause) == "可"
    assert verdict(sentence, Example(sentence, None, heading="シェアとは").clause) == "情報"


def test_quoted_speech_is_not_the_sentence_speaking():
    sentence = "「勤務時間中は一切投稿してはならない」という誤解がありますが、昼休みの投稿は構いません。"
    assert verdict(sentence, Example(sentence, None).clause) == "可"


@pytest.mark.parametrize("sentence", ["", "   ", "・・・", "（）", "「」", "\u3000"])
def test_empty_or_symbols_only_gets_none(sentence):
    assert verdict(sentence, Example(sentence, None, path=("6 留意事項",)).clause) is None


def _clause(clause_id: str) -> Clause:
    return next(c for d in load_corpus(CORPUS) for c in d.clauses if c.id == clause_id)


def test_the_item_of_a_prohibition_list_reads_as_forbidden():
    """Issue 13's example: 津山市 5(10) reads like an instruction, but it is an item of 「禁止事項」."""
    clause = _clause("tsuyama:5(10)")
    assert verdict(sentences(clause)[0], clause) == "禁止"


# The labelled sentences: the seed documents' (odd lines read while writing the rules,
# even lines held out until the end: measured blind at 118 given, 107 right; the general
# fixes made after that took it to 120 and 110) and sentences in other cities' styles.
# Floors sit a little below what the rules reached on 2026-12-04; raise them when the rules improve.
HEADING_MISSES = 1  # 「正確な情報を発信する」 names a duty without any word a rule could read
FLOORS = {
    ("verdict-sentences.jsonl", "tune"): {"given": 113, "right": 109},
    ("verdict-sentences.jsonl", "held-out"): {"given": 117, "right": 107},
    ("verdict-styles.jsonl", None): {"given": 37, "right": 37},
}


@pytest.mark.parametrize("name, half", FLOORS, ids=lambda v: str(v))
def test_labelled_sentences_keep_their_level(name, half):
    report = evaluate(read_cases(EVAL / name, CORPUS, half))
    wrong = "\n".join(f"{c.expected} -> {g}: {c.clause.id} {c.sentence}" for c, g in report.wrong)
    assert report.swaps == 0, wrong
    assert report.given >= FLOORS[name, half]["given"], f"{report.summary()}\n{wrong}"
    assert report.right >= FLOORS[name, half]["right"], f"{report.summary()}\n{wrong}"


@pytest.mark.parametrize("name", ["verdict-sentences.jsonl", "verdict-styles.jsonl"])
def test_labelled_sentences_meet_the_targets(name):
    """Issue 13: a verdict for at least 80% of the sentences, right for at least 90% of those."""
    report = evaluate(read_cases(EVAL / name, CORPUS))
    assert report.metrics["coverage"] >= 0.80 and report.metrics["accuracy"] >= 0.90, report.summary()


def test_the_sentences_staff_are_shown_get_a_verdict(engine):
    """The first sentence quoted for each question of the project's own set, as staff see it:
    a verdict for most, no 禁止↔可 swap (on 2026-12-04: 123 of 131, 110 right)."""
    labelled = read_cases(EVAL / "verdict-sentences.jsonl", CORPUS)
    cases, unlabelled = cited_cases(engine, EVAL / "questions.jsonl", labelled)
    report = evaluate(cases)
    assert len(cases) >= 120 and unlabelled <= 3
    assert report.swaps == 0 and report.metrics["coverage"] >= 0.85 and report.metrics["accuracy"] >= 0.85, report.summary()


def test_labelled_seed_sentences_are_the_corpus_sentences():
    """Each labelled sentence is one the engine can quote, so the set follows corpus edits."""
    cases = read_cases(EVAL / "verdict-sentences.jsonl", CORPUS)
    assert len(cases) >= 150 and sum(c.clause.is_faq for c in cases) >= 60
    for case in cases:
        assert case.sentence in sentences(case.clause), case.clause.id
    assert {c.expected for c in cases} == set(LABELS)


def test_headings_across_documents_rule_their_items():
    """tests/eval/verdict-headings.jsonl: the seed documents' headings and others', labelled with
    what a heading says of the clauses under it (null: nothing)."""
    rows = [json.loads(line) for line in (EVAL / "verdict-headings.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 70 and {r["verdict"] for r in rows} == {*LABELS, None} - {"可"}
    missed = []
    for row in rows:
        heading, path = (row["heading"], ()) if row["where"] == "heading" else ("", (row["heading"],))
        got = heading_labels(Clause("example", "1", heading, "本文。", path))
        if got != ({row["verdict"]} if row["verdict"] else set()):
            missed.append(f"{row['where']} {row['heading']}: {sorted(got)} (expected {row['verdict']})")
    assert len(missed) <= HEADING_MISSES, "\n".join(missed)


@pytest.mark.parametrize("line, message", [
    ('{"heading": "h", "path": [], "is_faq": false, "sentence": "s。", "verdict": "OK"}', "line 2: verdict must be one of 禁止"),
    ('{"doc_id": "ashiya", "clause": "99", "sentence": "s。", "verdict": "可"}', "line 2: no ashiya:99"),
    ('{"sentence": "s。", "verdict": "可"}', "line 2: no heading"),
    ('{"doc_id": "ashiya", ', "line 2: not JSON"),
    ('["可"]', "line 2: not a JSON object"),
])
def test_a_bad_labelled_line_is_a_clear_error(tmp_path, line, message):
    path = tmp_path / "verdict-bad.jsonl"
    good = '{"doc_id": "ashiya", "clause": "9(3)", "sentence": "s。", "verdict": "禁止"}'
    path.write_text(f"{good}\n{line}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        read_cases(path, CORPUS)


def test_the_report_command_prints_the_summary_or_a_clear_error(tmp_path, capsys):
    main([str(EVAL / "verdict-styles.jsonl"), "--corpus", str(CORPUS)])
    assert capsys.readouterr().out.splitlines()[-1].startswith("40 sentences: verdict for ")
    with pytest.raises(SystemExit) as exit_info:
        main([str(tmp_path / "missing.jsonl"), "--corpus", str(CORPUS)])
    assert exit_info.value.code == 2 and "missing.jsonl: cannot read it" in capsys.readouterr().err
