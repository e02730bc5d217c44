"""The verdict of a cited clause: may staff do what the sentence speaks of?

``verdict(sentence, clause)`` gives one of five labels, or None when the
rules cannot tell:

- 禁止: forbidden.
- 条件付き: allowed only with approval, a notification or another condition.
- 可: allowed, or free in principle.
- 注意: allowed, with care, restraint or a duty of conduct asked.
- 情報: a definition, scope, fact or consequence, not a do or don't.

Every rule is a row of RULES, read in this order:

0. A ``lead`` row: a sentence that only announces a list (「…は、次のとおりとする。」)
   is 情報, whatever its heading.
1. ``path`` and ``heading`` rows that say 禁止 or 情報 decide first: an item
   under 「禁止事項」 is 禁止 whatever its own ending; a sentence under
   「定義」「目的」「特性」 is 情報. ``path`` is an enclosing heading,
   ``heading`` the clause's own heading (not an FAQ entry's question).
2. ``sentence`` rows: the sentence's endings and their negations, matched
   with quotations (「…」) and parentheses (（…を除く。）) left out. When rows
   of several labels match: 情報 gives way to any other label; 禁止 with any
   other label gives no verdict; otherwise 条件付き comes before 注意, and 注意
   before 可 (allowed with care is 注意).
3. ``path`` and ``heading`` rows of other labels (「留意事項」→ 注意,
   「手続」→ 条件付き) decide only when no sentence row matched, and only for
   a whole sentence (ending in 。), not a list item.

Decisions a reviewer should know: 「〜ないようにしてください」 asks for care
(注意), 「〜しないでください」 forbids (禁止); 「慎む」「避ける」「控える」 ask for
restraint (注意); 「怠らないこと」 and 「こだわらないこと」 are not prohibitions;
「できない」 is not 「できる」. Saying 可 where the guideline forbids is the
worst error, so an ambiguous sentence gets None.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Literal

from bot.corpus.model import Clause

LABELS = ("禁止", "条件付き", "可", "注意", "情報")
# How each front end shows a verdict, before the sentence it came from.
SHOWN = {"禁止": "✕ 禁止", "条件付き": "△ 条件付き", "可": "○ 原則可", "注意": "⚠ 注意", "情報": "ℹ 情報"}
Where = Literal["lead", "path", "heading", "sentence"]


@dataclass(frozen=True)
class Rule:
    """One row of the table: where it looks, the label it gives, its pattern, why."""

    label: str
    where: Where
    pattern: str
    note: str

    @cached_property
    def _regex(self) -> re.Pattern:
        return re.compile(self.pattern)

    def matches(self, text: str) -> bool:
        return self._regex.search(text) is not None


# Follows a 可 pattern: the permission is not denied right after (〜してもよいわけではない).
NOT_DENIED = r"(?![^。、]{0,12}((わけ|もの|こと|意味)では|とは(言|い)え)(ない|ありません|ません))"

PROHIBITIONS = r"(禁止事項|禁止行為|禁止される(行為|こと)|て(は|も)(ならない|いけない)こと|禁止)$"
ABOUT = r"(定義|目的|趣旨|背景|はじめに|特性|適用(の)?範囲|処分等?|懲戒|罰則)$"

RULES: tuple[Rule, ...] = (
    # A sentence that only announces the list below it; decides before the headings.
    Rule("情報", "lead", r"は、?次のとおり(とする|です)。?$", "「禁止事項は、次のとおりとする。」"),
    # Headings that decide before the sentence.
    Rule("禁止", "path", PROHIBITIONS, "an item under 「禁止事項」「してはならないこと」"),
    Rule("禁止", "heading", PROHIBITIONS, "a clause headed 「禁止事項」「…の禁止」"),
    Rule("情報", "path", ABOUT, "a section of definitions, purpose, scope or sanctions"),
    Rule("情報", "heading", rf"{ABOUT}|とは$", "a clause of definitions, purpose, scope or sanctions"),
    # 禁止
    Rule("禁止", "sentence", r"[てで]は(なら(ない|ず)|なりません|いけ(ない|ません))", "〜してはならない, 〜してはいけません"),
    Rule("禁止", "sentence", r"^(?!.*安易に[^。、]*ないこと).*(?<!怠ら)(?<!こだわら)ないこと(。|$)",
         "〜しないこと, 〜行わないこと (not 怠らないこと, not 安易に…しないこと)"),
    Rule("禁止", "sentence", r"ないでください", "〜しないでください"),
    Rule("禁止", "sentence", r"禁止(する|します|とする|とします|とな(る|ります|っている|っています)|(し|され)て(いる|おり|います)|される|です)?(?=[。、]|$|ので|ため|が)", "禁止する, 禁止されている (not 禁止していない)"),
    Rule("禁止", "sentence", r"べき(ではない|ではありません|でない)", "〜するべきではない"),
    Rule("禁止", "sentence", r"こと(は|が)(でき|出来)(ない|ません)", "〜することはできない"),
    Rule("禁止", "sentence", r"(許され|認められ)(ない|ません)", "〜は許されない, 認められない"),
    # 条件付き
    Rule("条件付き", "sentence", r"(承認|許可|同意|承諾|許諾|決裁)を(あらかじめ)?(得|受け|経)(?!ていない|ない|ず)", "承認を得て, 同意を得た場合"),
    Rule("条件付き", "sentence", r"承認(され|する|の申請)", "承認された後に, 委員会が承認する"),
    Rule("条件付き", "sentence", r"(承認|許可|同意|承諾|明示)が必要", "〜の承諾が必要"),
    Rule("条件付き", "sentence", r"申請(し|する|は)", "申請し, その承認を得る"),
    Rule("条件付き", "sentence", r"届け?出(る|て|た|なければ)", "届け出る"),
    Rule("条件付き", "sentence", r"に限り|に限って|である限り", "〜場合に限り"),
    Rule("条件付き", "sentence", r"を除き|を除いて", "〜を除き"),
    Rule("条件付き", "sentence", r"この限りで(ない|はない)", "ただし、…この限りでない"),
    Rule("条件付き", "sentence", r"((明らかに|開示)し|名乗っ|明かし)た(うえ|上)で", "身分を明らかにしたうえで"),
    Rule("条件付き", "sentence", r"(上司|所属長)の(判断|指示|了解|許可)を(仰|受け|得)", "上司の判断を仰ぐ"),
    Rule("条件付き", "sentence", r"あらかじめ断る", "あらかじめ断ることが必要"),
    Rule("条件付き", "sentence", r"明らかにするという姿勢が求められ", "職員である旨を明らかにする姿勢が求められる"),
    # 可
    Rule("可", "sentence", rf"(ことが(でき|出来)(る|ます)|(利用|発信|投稿|掲載|ログイン)(でき|出来)(る|ます)){NOT_DENIED}", "〜することができる (not できない)"),
    Rule("可", "sentence", rf"(差し?支え(ない|ありません)){NOT_DENIED}", "差し支えない"),
    Rule("可", "sentence", rf"((構い|かまい)ません|(構わ|かまわ)ない){NOT_DENIED}", "構いません"),
    Rule("可", "sentence", rf"(制限(され(ない|ません)|していません|を受けません|を受けない)){NOT_DENIED}", "制限されない"),
    Rule("可", "sentence", rf"(禁止(していません|していない|されていません|されていない)){NOT_DENIED}", "禁止していない"),
    Rule("可", "sentence", rf"(原則(として)?[^。]{{0,20}}自由|自由に(利用|発信|行う|行うことが)){NOT_DENIED}", "原則…自由"),
    Rule("可", "sentence", rf"(可能(です|である)){NOT_DENIED}", "〜することも可能です"),
    Rule("可", "sentence", rf"(問題(ありません|はない|ない)){NOT_DENIED}", "〜は問題ありません"),
    Rule("可", "sentence", rf"((侵害|違反)と(は|も)?(なりません|ならない)){NOT_DENIED}", "著作権侵害とはなりません"),
    Rule("可", "sentence", rf"(積極的に[^。]*(望まれ|ください|お願い)){NOT_DENIED}", "むしろ積極的に発信することが望まれます"),
    Rule("可", "sentence", rf"(ても(よい|良い|いい|かまわない)){NOT_DENIED}", "〜してもよい"),
    Rule("可", "sentence", rf"(必要は(ない|ありません)){NOT_DENIED}", "すべて返信する必要はありません"),
    # 注意
    Rule("注意", "sentence", r"留意(?!事項|点)", "留意する (not 留意事項)"),
    Rule("注意", "sentence", r"安易に[^。、]*ないこと", "安易に受諾しないこと: care, not a plain prohibition"),
    Rule("注意", "sentence", r"慎(む|み|ん|重)", "慎む, 慎重に"),
    Rule("注意", "sentence", r"努め|努力", "〜よう努める"),
    Rule("注意", "sentence", r"望ましい", "〜が望ましい"),
    Rule("注意", "sentence", r"認識(する|しておく|した上で)|十分(に)?認識", "十分認識する必要"),
    Rule("注意", "sentence", r"心(が|掛)け", "〜を心がける"),
    Rule("注意", "sentence", r"注意(して|する|すること|が必要|しなければ|を払)", "〜に注意する"),
    Rule("注意", "sentence", r"配慮", "〜に配慮する"),
    Rule("注意", "sentence", r"控え(る|て|ること|るべき)", "〜は控える"),
    Rule("注意", "sentence", r"避け(る|ること|なければ|て)", "〜を避ける"),
    Rule("注意", "sentence", r"怠らない", "〜を怠らないこと"),
    Rule("注意", "sentence", r"こだわらない", "〜にこだわらないこと"),
    Rule("注意", "sentence", r"ないよう(に)?(して|注意|留意|心が|努め|お願い)", "〜しないようにしてください"),
    Rule("注意", "sentence", r"遵守", "〜を遵守する"),
    Rule("注意", "sentence", r"確認(する|して|しておく)", "〜を確認する"),
    Rule("注意", "sentence", r"自覚", "〜の自覚を持つ"),
    Rule("注意", "sentence", r"明確に(する|して)", "〜ことを明確にすること"),
    Rule("注意", "sentence", r"理解しておく", "〜を理解しておくこと"),
    Rule("注意", "sentence", r"必要があ(る|ります)", "〜する必要がある"),
    Rule("注意", "sentence", r"なければならない(?!とされ)|なければなりません", "〜しなければならない (not 〜とされている)"),
    Rule("注意", "sentence", r"(報告|連絡|相談|通知)(する|して|しなければ)", "所属長に報告する"),
    Rule("注意", "sentence", r"(?<!できる)ものとする", "〜するものとする (例規: a duty; not 〜できるものとする)"),
    Rule("注意", "sentence", r"(?<!ない)(て|で)(ください|下さい)", "〜してください (a request; 〜しないでください is 禁止)"),
    # 情報
    Rule("情報", "sentence", r"を(いう|いい)", "〜とは…をいう"),
    Rule("情報", "sentence", r"と言います|のことです|が特徴", "〜と言います"),
    Rule("情報", "sentence", r"適用(する|します|される)", "〜に適用する"),
    Rule("情報", "sentence", r"対象と(なる|なり|なります)|対象にな", "〜の対象となる"),
    Rule("情報", "sentence", r"処分", "懲戒処分を受ける"),
    Rule("情報", "sentence", r"該当する", "〜に該当する"),
    Rule("情報", "sentence", r"別に定める|定めるところによる", "必要な事項は、別に定める"),
    Rule("情報", "sentence", r"(おそれ|可能性)がある(こと)?。?$", "〜のおそれがある"),
    Rule("情報", "sentence", r"とされて(い|お)", "〜とされている"),
    Rule("情報", "sentence", r"((?<!お願いし)ます|ました|(?<!同様)です|である|った|ている|ていた)。?$", "a plain statement of fact (not お願いします, not 同様です, which refers back)"),
    # Headings that decide only when no sentence row matched.
    Rule("注意", "path", r"留意|遵守|基本原則|心得|注意事項", "an item under 「留意事項」「遵守事項」「基本原則」"),
    Rule("注意", "heading", r"留意|遵守|基本原則|注意事項|心(が|掛)け|自覚|報告", "a clause headed 「…に留意する」「…を心がける」"),
    Rule("条件付き", "path", r"手続", "an item under 「…の手続」"),
)

# The sentence rows of each label as one pattern: the same rules, one search per label.
SENTENCE_RULES = {
    label: re.compile("|".join(f"(?:{r.pattern})" for r in RULES if r.where == "sentence" and r.label == label))
    for label in LABELS
}
DECIDES_FIRST = ("禁止", "情報")  # heading rows with these labels come before the sentence
TERM = re.compile(r"[「『]([^「」『』]{1,6})[」』]")  # a short quoted term (「友達」): kept as a word
ASIDE = re.compile(r"[「『][^「」『』]*[」』]|\([^()]*\)")  # quoted speech or a parenthesis: left out


def verdict(sentence: str, clause: Clause) -> str | None:
    """The verdict of ``sentence`` as part of ``clause``: one of LABELS, or None."""
    text = plain(sentence)
    if not text:
        return None
    if any(rule.where == "lead" and rule.matches(text) for rule in RULES):
        return "情報"
    headed = heading_labels(clause)
    for label in DECIDES_FIRST:
        if label in headed:
            return label
    said = {label for label, regex in SENTENCE_RULES.items() if regex.search(text)}
    if said:
        return _combine(said)
    if headed and text.endswith("。"):  # a fragment (a list item) is not ruled by its section
        return _combine(headed)
    return None


def plain(sentence: str) -> str:
    """The sentence in NFKC, quoted terms unquoted, quoted speech and parentheses left out."""
    text = TERM.sub(r"\1", unicodedata.normalize("NFKC", sentence).strip())
    previous = None
    while previous != text:  # innermost first, so nested brackets go too
        previous, text = text, ASIDE.sub("", text)
    return text


@lru_cache(maxsize=4096)
def heading_labels(clause: Clause) -> frozenset[str]:
    """Labels the heading rows give the clause, from its enclosing headings and its own."""
    paths = [unicodedata.normalize("NFKC", label) for label in clause.path]
    own = "" if clause.is_faq else unicodedata.normalize("NFKC", clause.heading)
    labels = set()
    for rule in RULES:
        if rule.where == "path" and any(rule.matches(label) for label in paths):
            labels.add(rule.label)
        elif rule.where == "heading" and own and rule.matches(own):
            labels.add(rule.label)
    return frozenset(labels)


def _combine(labels: frozenset[str] | set[str]) -> str | None:
    """One verdict from the labels of the sentence rows that matched (see the module docstring)."""
    if len(labels) > 1:
        labels = labels - {"情報"}
    if len(labels) == 1:
        return next(iter(labels))
    if "禁止" in labels:
        return None
    return "条件付き" if "条件付き" in labels else "注意"
