"""The corpus: the guideline documents the engine reads and ingest writes, and their files.

A corpus directory holds one Markdown file per document (``*.md``), the
thesaurus (``thesaurus.toml``) and the 想定質問 (``questions/<document id>.toml``).
``model`` holds Document and Clause; ``markdown`` reads and writes a document
file, with every problem found; ``writable`` checks a built Document against
that format; ``files`` reads a corpus directory and its TOML files and writes
files atomically; ``findings`` holds the problems, each with file and line;
``thesaurus_file`` and ``questions`` read the other two kinds of file.
"""
