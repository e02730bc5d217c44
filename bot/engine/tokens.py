"""Japanese tokens for search: normalised text, morphemes, and index terms.

Text is NFKC-normalised and case-folded; fugashi with unidic-lite splits it
into morphemes. A term is a morpheme's lemma (unidic's English gloss
stripped, the surface for unknown words) for content words only, plus
compounds of adjacent nouns so that 勤務時間中 and 肖像権 are findable as
well as their parts.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass

import fugashi

from bot.engine.chars import CLOSING_BRACKETS, OPENING_BRACKETS, SENTENCE_ENDS

# Terminal escape sequences (colours, window titles), control and zero-width
# characters, and lone surrogates (undecodable input bytes): never words.
CONTROL = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][\x20-\x7e]*(?:\x07|\x1b\\))?"
    r"|[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ud800-\udfff]"
)
GLOSS = re.compile(r"-.+$")  # unidic glosses: ソーシャル-social, 私-代名詞

FUNCTION_POS = {"助詞", "助動詞", "補助記号", "記号", "空白"}
CONTENT_POS = {"名詞", "動詞", "形容詞", "形状詞"}
COMPOUND_POS = {"名詞", "接頭辞", "接尾辞"}
MAX_COMPOUND = 6
Span = tuple[int, int]  # (start, end) character offsets in a text
MORPH_CACHE = 200_000  # distinct words remembered per tokenizer
# Lemmas that carry no topic: light verbs, formal nouns, how staff ask for
# permission (「〜していい？」「ダメ？」「アリ？」「〜ないといけない？」「まずい？」
# 「NG？」「アウト？」「構わない？」) and polite framing (「恐れ入りますが」
# 「すみません」「お伺いします」).
STOP_LEMMAS = frozenset(
    """為る 有る 居る 成る 出来る 言う 良い 無い 事 物 為 様 時 場合 方 所 中 等 的
    下さる 貰う 呉れる 頂く 欲しい 思う 分かる 教える 仕舞う 置く 行う 致す 御
    駄目 大丈夫 平気 有り 可能 OK ok NG ng 不味い やばい アウト セーフ 構う 差し支える 本当 矢張り 具体 一般 何 誰 何時 何処 行く
    恐れ入る 恐縮 失礼 済む 伺う 存ずる 宜しい 願う 質問 認める 許す 際 点""".split()
)
# Verbs that, right after に or を, form a compound particle (について, に関して,
# に対する, によって, における, に当たって, に係る, に際して, に基づき): grammar, not words.
PARTICLE_VERBS = frozenset("付く つく 関する 対する 因る 依る 於く 当たる 掛かる 係る 際する 基づく 伴う".split())
# Suffixes that only inflect their noun (著作権的, 議員さん, 業務用, 勤務時間中);
# any other suffix names a new thing (駐車場, 残業代, 職員証, 公用車).
GRAMMATICAL_SUFFIXES = frozenset(
    """等 的 者 中 上 員 性 つ 毎 用 内 外 人 方 易い 物 さ 同士 化 済み 後 前 間 さん
    ちゃん 君 様 殿 氏 達 ら 勝ち 難い 辛い 付き らしい ぽい がる めく 振り 交じり 兼ねる
    頃 目 下 別 向け 系 型 風 感 式 不 御""".split()
)
# English function words and ways of asking, for questions asked in English.
ENGLISH_STOP_WORDS = frozenset(
    """a an the this that these those it its i me my mine we our you your he she
    they them their his her is am are was were be been being do does did have
    has had can could may might must shall should will would to of in on at
    for from with by about as into over under between and or but if so not no
    what when where which who whom why how any some all there here than then
    also just very ok okay allowed allow fine alright please tell know want
    get got go going need needs happen happens cover covered covers include includes included count counts""".split()
)


def printable(text: str) -> str:
    """Text with escape sequences, control characters and lone surrogates as spaces."""
    return CONTROL.sub(" ", text)


def search_form(text: str) -> str:
    """The form the engine reads text in: NFKC, case-folded, control and zero-width characters as spaces."""
    return printable(unicodedata.normalize("NFKC", text)).casefold()


def sentence_spans(text: str) -> list[Span]:
    """(start, end) of each sentence: cut after 。！？!? (not inside brackets, as in
    （…を含む。）) and at line ends; blank pieces left out."""
    spans, start, depth = [], 0, 0
    for i, char in enumerate(text + "\n"):
        depth += (char in OPENING_BRACKETS) - (char in CLOSING_BRACKETS and depth > 0)
        if char == "\n" or (char in SENTENCE_ENDS and depth == 0):
            end = i if char == "\n" else i + 1
            if text[start:end].strip():
                spans.append((start, end))
            start, depth = i + 1, 0 if char == "\n" else depth
    return spans


def morph_spans(text: str, morphs: list["Morph"]) -> list[Span]:
    """Character offsets of each morph in the (normalised) text it was read from."""
    spans, position = [], 0
    for morph in morphs:
        start = text.find(morph.surface, position)
        if start < 0:
            start = position
        spans.append((start, start + len(morph.surface)))
        position = start + len(morph.surface)
    return spans


@dataclass(frozen=True)
class Morph:
    """One morpheme: its normalised surface, lemma, part of speech and reading."""

    surface: str
    lemma: str
    pos: str
    reading: str

    @property
    def is_content(self) -> bool:
        return self.pos in CONTENT_POS and self.lemma not in STOP_LEMMAS and self.lemma not in ENGLISH_STOP_WORDS


class Tokenizer:
    """fugashi + unidic-lite behind a lock (a MeCab tagger is not thread-safe).

    Morphs are remembered by surface and raw feature string: reading
    unidic's features costs more than tagging, and words repeat.
    """

    def __init__(self) -> None:
        self._tagger = fugashi.Tagger()
        self._lock = threading.Lock()
        self._seen: dict[str, Morph] = {}

    def morphs(self, text: str) -> list[Morph]:
        """Morphemes of already-normalised text, one line at a time."""
        result: list[Morph] = []
        with self._lock:
            for line in text.splitlines():
                if line.strip():
                    result.extend(self._known_morph(word) for word in self._tagger(line))
        return _compound_particles(result)

    def _known_morph(self, word) -> Morph:
        key = f"{word.surface}\t{word.feature_raw}"
        morph = self._seen.get(key)
        if morph is None:
            morph = self._morph(word)
            if len(self._seen) < MORPH_CACHE:
                self._seen[key] = morph
        return morph

    @staticmethod
    def _morph(word) -> Morph:
        feature = word.feature
        surface = word.surface
        lemma = feature.lemma
        lemma = search_form(GLOSS.sub("", lemma)) if lemma and lemma != "*" else surface
        reading = feature.kana if feature.kana and feature.kana != "*" else ""
        return Morph(surface, lemma, feature.pos1 or "", reading)

    @staticmethod
    def terms(morphs: list[Morph], compounds: bool = True) -> list[str]:
        """Index terms: content lemmas in order, then (unless told not to) noun compounds."""
        terms = [m.lemma for m in morphs if m.is_content and not m.lemma.isspace()]
        for start, end in noun_runs(morphs) if compounds else ():
            terms.extend(compound_terms(morphs[start:end]))
        return terms


def _compound_particles(morphs: list[Morph]) -> list[Morph]:
    """Morphs with the verb of a compound particle marked as a particle: after に or を,
    and before て or a noun (に|つい|て, に|関する|規定), not as a verb of its own (に|付い|た)."""
    def is_particle(i: int, m: Morph) -> bool:
        after = morphs[i + 1] if i + 1 < len(morphs) else None
        return (
            m.pos == "動詞" and m.lemma in PARTICLE_VERBS and i > 0
            and morphs[i - 1].surface in ("に", "を") and morphs[i - 1].pos == "助詞"
            and after is not None and (after.lemma == "て" or after.pos == "名詞")
        )

    return [Morph(m.surface, m.lemma, "助詞", m.reading) if is_particle(i, m) else m for i, m in enumerate(morphs)]


def compound_terms(run: list[Morph]) -> list[str]:
    """A noun run's compound, and its adjacent pairs when it has three or more parts."""
    surfaces = [m.surface for m in run]
    pairs = [a + b for a, b in zip(surfaces, surfaces[1:])] if len(run) > 2 else []
    return ["".join(surfaces[:MAX_COMPOUND]), *pairs]


def key_lemmas(morphs: list[Morph]) -> list[str]:
    """Lemmas without particles, auxiliaries and symbols: 所属を明かす and 所属は明かす match."""
    return [m.lemma for m in morphs if m.pos not in FUNCTION_POS and m.surface.strip()]


def noun_runs(morphs: list[Morph]) -> list[tuple[int, int]]:
    """(start, end) indices of maximal runs of two or more adjacent nouns, prefixes and suffixes."""
    runs, start = [], None
    for i, morph in enumerate([*morphs, None]):
        if morph is not None and morph.pos in COMPOUND_POS and morph.surface.strip():
            start = i if start is None else start
            continue
        if start is not None and i - start >= 2 and any(m.pos == "名詞" for m in morphs[start:i]):
            runs.append((start, i))
        start = None
    return runs
