"""The command line, driven through click's CliRunner and once as a real process."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from bot.cli import cli
from tests.conftest import CORPUS, REPO, damage_table


@pytest.fixture
def run(seed_index, monkeypatch, tmp_path):
    monkeypatch.setenv("GUIDEBOT_INDEX", str(seed_index))
    monkeypatch.setenv("GUIDEBOT_CORPUS", str(CORPUS))
    monkeypatch.setenv("GUIDEBOT_LOG", str(tmp_path / "log.sqlite"))

    def invoke(*args, input=None):
        return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)

    return invoke


def test_ask_prints_a_cited_answer(run):
    result = run("ask", "昼休みに投稿していい?")
    assert result.exit_code == 0
    assert "■ 条文" in result.output and "▶" in result.output and "—" in result.output


def test_ask_json_prints_exactly_one_object(run):
    result = run("ask", "--json", "--top", "3", "写真を載せていい？")
    data = json.loads(result.output)
    assert set(data) >= {"question", "answered", "results"} and data["question"] == "写真を載せていい？"
    assert 1 <= len(data["results"]) <= 3
    assert set(data["results"][0]) >= {"id", "doc_id", "doc_title", "clause", "heading", "text", "score"}
    assert data["results"][0]["id"] == f"{data['results'][0]['doc_id']}:{data['results'][0]['clause']}"


def test_ask_jsonl_answers_each_line_in_order(run):
    questions = ["昼休みに投稿していい?", "", "有給休暇は年に何日？", "裏アカで愚痴ってもバレない？"]
    result = run("ask", "--jsonl", input="\n".join(questions) + "\n")
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["question"] for line in lines] == questions
    assert lines[1]["answered"] is False and lines[1]["results"] == []


def test_abstention_says_so_and_names_the_contact(run, monkeypatch):
    monkeypatch.setenv("GUIDEBOT_CONTACT", "情報政策課")
    result = run("ask", "出張旅費の精算はどうすればいい？")
    assert "該当する記載は見つかりませんでした" in result.output and "情報政策課" in result.output


def test_chat_reads_piped_questions(run):
    result = run("chat", input="昼休みに投稿していい?\n\n写真を載せていい？\n")
    assert result.exit_code == 0
    assert result.output.count("質問> ") == 2


def test_chat_with_a_question_log_it_cannot_open_says_which(run, monkeypatch, tmp_path):
    (tmp_path / "file").write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv("GUIDEBOT_LOG", str(tmp_path / "file" / "log.sqlite"))
    result = CliRunner().invoke(cli, ["chat"], input="昼休みに投稿していい?\n")
    assert result.exit_code == 1 and "Cannot open the question log" in result.output and "Traceback" not in result.output


def test_eval_prints_the_metrics(run, tmp_path):
    questions = tmp_path / "q.jsonl"
    questions.write_text(
        '{"question": "昼休みに投稿していい?", "expect_any": ["勤務時間"]}\n{"question": "有給休暇は何日？", "out_of_scope": true}\n',
        encoding="utf-8",
    )
    result = run("eval", str(questions))
    for metric in ("hit@1", "hit@3", "MRR", "out-of-scope abstention", "false abstention"):
        assert metric in result.output


@pytest.mark.parametrize(
    "line",
    [
        "not json",
        '{"question": "a", "expect_any": "はの"}',
        '{"question": "a", "expect_any": [""]}',
        '{"question": "a", "expect_any": [1, 2]}',
        '{"question": "a", "out_of_scope": "false"}',
        '{"question": 123, "out_of_scope": true}',
        '{"question": "a"}',
        '["a"]',
    ],
)
def test_eval_names_a_malformed_line(run, tmp_path, line):
    questions = tmp_path / "q.jsonl"
    questions.write_text('{"question": "a", "expect_any": ["b"]}\n' + line + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", str(questions)])
    assert result.exit_code == 1 and f"{questions}:2:" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("content, message", [(b"", "no questions"), (b'{"question": "\xff"}\n', "not UTF-8")])
def test_eval_refuses_an_empty_or_undecodable_file(run, tmp_path, content, message):
    questions = tmp_path / "q.jsonl"
    questions.write_bytes(content)
    result = CliRunner().invoke(cli, ["eval", str(questions)])
    assert result.exit_code == 1 and message in result.output


def test_eval_says_n_a_for_a_kind_of_question_the_file_lacks(run, tmp_path):
    questions = tmp_path / "q.jsonl"
    questions.write_text('{"question": "有給休暇は何日？", "out_of_scope": true}\n', encoding="utf-8")
    lines = run("eval", str(questions)).output.splitlines()
    assert any(line.split() == ["hit@1", "n/a"] for line in lines)
    assert any(line.split() == ["out-of-scope", "abstention", "1.000"] for line in lines)


def test_index_build_reports_counts(run, tmp_path):
    result = run("index", "build", "--corpus", str(CORPUS), "--index", str(tmp_path / "i.sqlite"))
    assert result.exit_code == 0 and "Indexed" in result.output and (tmp_path / "i.sqlite").exists()


def test_malformed_corpus_is_reported_with_file_and_line(tmp_path):
    (tmp_path / "bad.md").write_text("---\nid: bad\ntitle: t\n---\nstray\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["index", "build", "--corpus", str(tmp_path), "--index", str(tmp_path / "i.sqlite")])
    assert result.exit_code == 1 and "bad.md:5:" in result.output
    assert not (tmp_path / "i.sqlite").exists()


def test_index_build_into_a_directory_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(cli, ["index", "build", "--corpus", str(CORPUS), "--index", str(tmp_path)])
    assert result.exit_code == 1 and "is a directory" in result.output and list(tmp_path.iterdir()) == []


def test_a_damaged_index_ends_the_command_with_its_reason(seed_index, tmp_path):
    index = tmp_path / "damaged.sqlite"
    shutil.copyfile(seed_index, index)
    damage_table(index, "postings")
    result = CliRunner().invoke(cli, ["ask", "--index", str(index), "昼休みに投稿していい?"])
    assert result.exit_code == 1 and "unreadable" in result.output and result.exception.__class__ is SystemExit


def test_an_unknown_organization_is_named_on_stderr(run):
    result = run("ask", "--org", "nosuch", "昼休みに投稿していい?")
    assert result.exit_code == 0 and "no document belongs to the organization 'nosuch'" in result.stderr
    assert "nosuch" not in result.stdout


def test_a_missing_corpus_without_an_index_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv("GUIDEBOT_CORPUS", str(tmp_path / "no-corpus"))
    monkeypatch.setenv("GUIDEBOT_INDEX", str(tmp_path / "none.sqlite"))
    result = CliRunner().invoke(cli, ["ask", "質問"])
    assert result.exit_code == 1 and "no-corpus:0: corpus directory not found" in result.output


def test_missing_index_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(cli, ["ask", "--index", str(tmp_path / "none.sqlite"), "質問"])
    assert result.exit_code == 1 and "index not found" in result.output and "Traceback" not in result.output


def test_jsonl_answers_every_line_even_when_some_bytes_are_not_utf8(seed_index):
    result = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--jsonl", "--index", str(seed_index)],
        input="昼休み\n".encode() + b"\xff\xfe bad\n" + "写真を載せていい？\n".encode(),
        capture_output=True, cwd=REPO, timeout=60,
    )
    lines = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert result.returncode == 0 and len(lines) == 3 and b"Traceback" not in result.stderr
    assert lines[2]["question"] == "写真を載せていい？" and lines[2]["answered"] is True


def test_python_dash_m_bot_answers(seed_index):
    result = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json", "--index", str(seed_index), "昼休みに投稿していい?"],
        capture_output=True, text=True, cwd=REPO, timeout=60,
    )
    assert result.returncode == 0 and json.loads(result.stdout)["answered"] is True


def test_cite_limits_the_answer_to_the_named_documents(run, monkeypatch):
    full = json.loads(run("ask", "--json", "--org", "ashiya", "勤務時間中にSNSを使っていい？").output)
    assert full["results"][0]["doc_id"] == "ashiya" and any(ref["doc_id"] != "ashiya" for ref in full["references"])
    monkeypatch.setenv("GUIDEBOT_CITE", "own")
    limited = json.loads(run("ask", "--json", "--org", "ashiya", "勤務時間中にSNSを使っていい？").output)
    assert {hit["doc_id"] for hit in limited["results"] + limited["references"]} == {"ashiya"}


def test_cite_naming_no_document_warns(run):
    result = CliRunner().invoke(cli, ["ask", "--cite", "own,nowhere", "--org", "ashiya", "写真を載せていい？"])
    assert result.exit_code == 0 and "the citation limit names 'nowhere'" in result.output


def test_eval_leave_one_out_reports_each_document(run, tmp_path):
    questions = tmp_path / "q.jsonl"
    questions.write_text(
        '{"question": "昼休みに投稿していい?", "expect_any": ["勤務時間"], "docs": ["ashiya", "tsuyama"]}\n'
        '{"question": "有給休暇は何日？", "out_of_scope": true}\n',
        encoding="utf-8",
    )
    output = run("eval", str(questions), "--leave-one-out").output
    assert "without ashiya's 想定質問, asked as ashiya: 1 in scope, 1 out of scope" in output
    assert "without soumu's 想定質問, asked as soumu: 0 in scope, 1 out of scope" in output
    assert "leave-one-out, all documents: 2 in scope, 4 out of scope" in output


def test_ask_previous_reads_a_follow_up_with_the_earlier_question(run):
    data = json.loads(run("ask", "--json", "--previous", "昼休みに投稿していい？", "じゃあ業務用スマホからなら？").output)
    assert data["follows"] == "昼休みに投稿していい？" and data["answered"]
    text = run("ask", "--previous", "昼休みに投稿していい？", "じゃあ業務用スマホからなら？").output
    assert text.startswith("（前の質問「昼休みに投稿していい？」に続けて読みました）")
    lines = run("ask", "--jsonl", "--previous", "昼休みに投稿していい？", input="じゃあ業務用スマホからなら？\n").output.splitlines()
    assert json.loads(lines[0])["follows"] == "昼休みに投稿していい？"


def test_ask_shows_the_verdict_first_and_how_each_other_guideline_rules(run):
    text = run("ask", "--org", "ashiya", "勤務時間中にSNSを使っていい？").output
    assert text.startswith("✕ 禁止「")
    assert "■ 他の文書ではどう定めているか" in text
    data = json.loads(run("ask", "--json", "--org", "ashiya", "勤務時間中にSNSを使っていい？").output)
    assert data["results"][0]["verdict"] == "禁止"
    assert data["references"] and all(set(ref) >= {"doc_id", "clause", "verdict", "sentence"} for ref in data["references"])


def test_piped_chat_reads_follow_ups_and_an_empty_line_starts_afresh(run):
    output = run("chat", input="昼休みに投稿していい？\nじゃあ業務用スマホからなら？\n\nじゃあ業務用スマホからなら？\n").output
    assert output.count("質問> ") == 3 and output.count("前の質問「昼休みに投稿していい？」に続けて読みました") == 1


def test_eval_documents_names_a_file_it_cannot_ingest_in_one_line(run, tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "broken.txt").write_bytes(b"\xff\xfe\x00garbage")
    questions = tmp_path / "q.jsonl"
    questions.write_text('{"question": "昼休みに投稿していい?", "expect_any": ["勤務時間"], "org": "nowhere"}\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", str(questions), "--documents", str(tmp_path / "docs")])
    assert result.exit_code == 1 and "cannot ingest" in result.output and "broken.txt" in result.output
    assert "Traceback" not in result.output and "names 'nowhere', which no document has" in result.output


def test_a_citation_limit_of_only_commas_or_own_without_an_org_warns(run):
    commas = CliRunner().invoke(cli, ["ask", "--cite", ",,,", "写真を載せていい？"])
    assert "names no document; citing every document" in commas.output
    own = CliRunner().invoke(cli, ["ask", "--org", "", "--cite", "OWN", "写真を載せていい？"])
    assert "no organization is set" in own.output
