"""The corpus: the guideline documents the engine reads and ingest writes, and their files.

A corpus directory holds one Markdown file per document (``*.md``, see
bot.corpus.markdown), the thesaurus (``thesaurus.toml``, bot.corpus.thesaurus_file)
and the 想定質問 files (``questions/<document id>.toml``, bot.corpus.questions).
"""
