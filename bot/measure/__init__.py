"""Measuring guidebot: answer quality on labelled sets and speed.

``hits`` (hit@k, abstention, leave-one-document-out: ``guidebot eval``),
``loans`` (whether borrowed 想定質問 come from the right clauses),
``followups`` (second turns and comparisons), ``judge_comparisons`` (the
comparison's lines judged by hand), ``verdicts`` (verdict coverage and
accuracy), ``localgovfaq`` (FAQ ranking on LocalgovFAQ), ``bench`` and
``bench_http`` (``guidebot bench``: engine and server speed).
"""
