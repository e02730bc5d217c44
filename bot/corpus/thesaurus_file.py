"""The thesaurus file, ``thesaurus.toml`` in the corpus directory: ``[[group]]`` tables of words.

Each group has a ``words`` list, optionally ``topic = true`` and, for a topic
group, an ``everyday`` list of some of its words (bot.engine.thesaurus says
what they do).
"""

from __future__ import annotations

from pathlib import Path

from bot.corpus.files import read_toml
from bot.corpus.findings import CorpusError

GROUP_KEYS = frozenset({"words", "topic", "everyday"})
THESAURUS_FILE = "thesaurus.toml"  # in the corpus directory


def read_groups(path: Path | str) -> list[dict]:
    """The groups of a thesaurus file as ``{"words": [...], "topic": bool, "everyday": [...]}``; a missing file is empty."""
    return [group for _, group in read_located_groups(path)]


def read_located_groups(path: Path | str) -> list[tuple[int, dict]]:
    """Each group of a thesaurus file as read_groups gives it, with the line of its ``[[group]]`` header."""
    path = Path(path)
    if not path.exists():
        return []
    file = read_toml(path, "thesaurus")
    entries = file.data.get("group", [])
    unknown = sorted(set(file.data) - {"group"}) or ([] if isinstance(entries, list) else ["group"])
    if unknown:
        raise CorpusError(path, file.line(lambda line: unknown[0] in line),
                          f"unknown table '{', '.join(unknown)}': use [[group]] tables, each with words = [...]")
    headers = [number for number, line in enumerate(file.lines, start=1) if line.strip().startswith("[[group]]")]
    groups = []
    for number, entry in enumerate(entries, start=1):
        line = headers[number - 1] if number <= len(headers) else 1  # 1: groups written inline (group = [...])
        words = entry.get("words") if isinstance(entry, dict) else None
        if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
            raise CorpusError(path, line, f'group {number} needs words = ["...", ...], none of them empty')
        if set(entry) - GROUP_KEYS:
            unknown = ", ".join(sorted(set(entry) - GROUP_KEYS))
            raise CorpusError(path, line, f"group {number}: unknown key '{unknown}' (a group has words, topic and everyday)")
        topic = entry.get("topic", False)
        if not isinstance(topic, bool):
            raise CorpusError(path, line, f"group {number}: topic must be true or false")
        everyday = entry.get("everyday", [])
        if not isinstance(everyday, list) or not all(isinstance(w, str) and w in words for w in everyday) or (everyday and not topic):
            raise CorpusError(path, line, f"group {number}: everyday must list some of the words of a topic = true group")
        groups.append((line, {"words": words, "topic": topic, "everyday": everyday}))
    return groups
