"""How a question names documents: 「芦屋市は？」「国家公務員の場合は？」「他の自治体では？」."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.engine.analyzer import Query
from bot.engine.tokens import search_form

# Words of a follow-up that asks how other documents rule (「他の自治体では？」).
OTHERS = re.compile(r"(他|ほか|別|よそ|各)(の)?(自治体|市町村|市|町|団体|組織|役所|ところ|ガイドライン|規程|指針|文書)|他市|他県|他団体|国の?(場合|ルール)|国家公務員"
                    r"|(どう|どのように|何と|なんて)(書いて|書かれて|定めて|決めて|なって)(ある|いる|る|います|あります)")
# Whom a title names before its first の: 「国家公務員の…」「津山市職員の…」 (not 「ソーシャルメディアの…」).
TITLE_HOLDER = re.compile(r"^((?![本当県市町村])[^の\s]{2,10}?(公務員|職員|市|町|村|区|県|府|都|省|庁|局))の")
# How staff name the national government's guideline besides 国家公務員.
NATIONAL = frozenset({"国の職員", "国の公務員"})
# What else a follow-up that only asks how others rule may say: 「…の場合は？」「…ではどう？」
ASKING_HOW = frozenset("場合 方 所 どう 如何 扱い ルール 規定 決まり 定め 対応 考え方 基準".split())
# The municipality a title starts with; 市 before 区, 町, 村 and 都道府県, so that 東村山市 is not 東村.
MUNICIPALITIES = [re.compile(rf"^(?![本当同][市区町村都道府県])\S{{1,6}}?{suffix}") for suffix in ("市", "区", "町", "村", "(都|道|府|県)")]


def document_names(doc: dict) -> set[str]:
    """How a question may name a document: its id and organization, the
    municipality its title starts with (芦屋市), and whom its title names
    before the first の (国家公務員) — each of two characters or more. Not its
    issuer: a 総務課 or 広報課 is named in questions about whom to ask."""
    title = search_form(doc["title"])
    names = {doc["id"], doc["org"]}
    if municipality := next((m for pattern in MUNICIPALITIES if (m := pattern.match(title))), None):
        names.add(municipality.group(0))
    if holder := TITLE_HOLDER.match(title):
        names.add(holder.group(1))
        if holder.group(1) == "国家公務員":
            names |= NATIONAL
    return {name for name in names if len(name) >= 2}


def named_documents(text: str, names: dict[str, set[str]]) -> set[str]:
    """The documents (of ``names``: document id -> its names) a question names; a Latin
    name only as a whole word (kita is not kitaura)."""
    def says(name: str) -> bool:
        if name.isascii():
            return re.search(rf"(?<![a-z0-9]){re.escape(name)}(?![a-z0-9])", text) is not None
        return name in text

    return {d for d, known in names.items() if any(says(n) for n in known)}


def asks_how_others_rule(text: str, names: set[str], analyze: Callable[[str], Query]) -> bool:
    """Whether a follow-up only asks how other documents rule on the earlier question:
    it says the ``names`` of the documents it names, or others (他の自治体では？), and
    nothing else (what ``analyze`` finds in the rest is only ASKING_HOW)."""
    rest = text
    for name in sorted(names, key=len, reverse=True):
        rest = rest.replace(name, "")
    rest, others = OTHERS.subn("", rest)
    if not (names or others):
        return False
    return all(c.term in ASKING_HOW for c in analyze(rest).concepts) if rest.strip() else True
