"""The JSON shape of an answer (`guidebot ask --json`): results and 参考 alike, a problem by its kind."""

from __future__ import annotations

import json

from bot.engine.answer import Answer, Hit, Problem
from bot.corpus.model import Clause
from bot.render.json import render_json
from bot.render.messages import problem


def hit(doc: str, number: str, score: float) -> Hit:
    clause = Clause(doc, number, "見出し", "本文の一文。次の文。", ("第1章",), ("Q3",))
    return Hit(clause, f"{doc} の指針", score, "本文の一文。", "禁止")


def test_references_have_the_shape_of_results():
    answer = Answer("写真は？", True, (hit("a", "1", 3.14159),), references=(hit("b", "2(1)", 2.0),), follows="前の質問")
    data = json.loads(render_json(answer))
    [result], [reference] = data["results"], data["references"]
    assert reference.keys() == result.keys()
    assert (reference["id"], reference["doc_id"], reference["clause"]) == ("b:2(1)", "b", "2(1)")
    assert (result["path"], result["refs"], result["verdict"], result["score"]) == (["第1章"], ["Q3"], "禁止", 3.1416)
    assert data["follows"] == "前の質問" and "problem" not in data


def test_a_problem_is_given_by_its_kind_and_its_message():
    data = json.loads(render_json(Answer("", False, problem=Problem.EMPTY)))
    assert (data["problem"], data["message"]) == ("empty", problem(Problem.EMPTY))
    assert data["results"] == data["references"] == [] and data["follows"] is None
