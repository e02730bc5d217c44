"""The question log: every question the front ends answered, the answer as given, 👍/👎.

``store`` (LogStore: writing and reading the log), ``schema`` (its tables as
migrations that upgrade an older log in place), ``record`` (an Answer kept as
JSON, so a shared answer is the one that was given) and ``report`` (what
``guidebot report`` shows from it).
"""
