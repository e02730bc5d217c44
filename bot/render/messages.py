"""Every sentence guidebot shows the people who ask, in Japanese, for every front end.

Front ends add only their markup (Slack's *bold*, a card's runs, the terminal's ■).
"""

from __future__ import annotations

from bot.engine.answer import Problem
from bot.engine.search import MAX_QUESTION_CHARS

PROBLEMS = {
    Problem.EMPTY: "質問が空です。知りたいことを文章で入力してください（例: 昼休みに投稿していい？）。",
    Problem.TOO_LONG: f"質問が長すぎます（{MAX_QUESTION_CHARS:,}文字まで）。知りたい点を短くまとめて、もう一度質問してください。",
    Problem.NO_WORDS: "検索に使える言葉が見つかりませんでした。記号や絵文字だけでなく、言葉で質問してください（例: 写真を載せていい？）。",
    Problem.ENGINE_FAILED: "回答の作成中にエラーが発生しました。しばらくしてから、もう一度質問してください。",
    Problem.INDEX_BROKEN: "検索用の索引ファイルが壊れているか置き換えられたため、いまは回答できません。"
                          "自動で作り直しています。1分ほどしてから、もう一度質問してください。",
}

NOT_FOUND = "ガイドラインには、この質問に該当する記載は見つかりませんでした。"
# Shown above the citation when the document cited is not the one asked for first (bot.render.display.note).
ELSEWHERE = "※ 自組織のガイドラインには該当する記載が見つからないため、他の組織のガイドラインの記載を示します。"
SILENT = "※ {titles}には該当する記載が見つからないため、他の文書の記載を示します。"
NEARBY = "近い記載（参考）"  # the nearest clauses of an abstention
SAME_DOCUMENT = "同じ文書の関連箇所"
OTHER_DOCUMENTS = "他の文書ではどう定めているか"  # 参考
CLAUSE_TEXT = "条文"
CUT = "（以下略）"  # after a clause shortened with …
EXAMPLES = ("昼休みに投稿していい？", "職場の写真を載せていい？", "裏アカで仕事の愚痴を書いてもいい？")
EXAMPLES_TITLE = "質問の例"
VOTE_UP, VOTE_DOWN = "👍 役に立った", "👎 役に立たなかった"
SHARE = "チャンネルに共有"
ATTACHMENT_ONLY = "添付ファイルや画像の内容は読み取れません。質問を文字で送ってください。"  # a Teams message of files only
UNKNOWN_ACTION = "このボタンには対応していません。"  # a Teams card action the bot does not know
CHAT_GREETING = "guidebot — ガイドラインについて質問してください（終了: exit または Ctrl-D、前の質問と切り離して聞き直す: new）"
# A share button whose answer the question log does not hold (bot.slack.app).
NOT_KEPT = "この回答は記録に残っていないため、共有できません。お手数ですが、もう一度 /guideline で質問してください。"

HELP_TITLE = "guidebot の使い方"
HELP_LEAD = "SNS利用ガイドラインについて質問すると、該当する条項を引用してお答えします。"
SLACK_HELP_WAYS = (
    "• このボットへのDM: 質問をそのまま送ってください\n"
    "• チャンネル: `@guidebot 質問` （スレッドで返信します）\n"
    "• どこでも: `/guideline 質問` （あなたにだけ表示されます。「チャンネルに共有」で公開できます）"
)
SLACK_HELP_FALLBACK = "guidebot の使い方: /guideline 質問 で、ガイドラインの該当条項を引用して答えます。"
TEAMS_HELP_WAYS = (
    "• 個人チャット: 質問をそのまま送ってください\n"
    "• チャネル・グループチャット: @guidebot に続けて質問を書いてください（スレッドで返信します）"
)
TEAMS_HELP_FALLBACK = "guidebot の使い方: 質問を送ると、ガイドラインの該当条項を引用して答えます。"


def problem(kind: Problem) -> str:
    """What the asker is told when their question could not be searched."""
    return PROBLEMS[kind]


def consult(contact: str) -> str:
    """The closing line of an abstention or of the help: whom to ask."""
    return f"判断に迷うときは{contact}に確認してください。"


def thanks(vote: str, contact: str) -> str:
    """The reply to a 👍 ("up") or 👎 ("down"); after a 👎, whom to ask."""
    if vote == "up":
        return "ありがとうございます。今後の改善に役立てます。"
    return "ご意見ありがとうございます。回答の改善に使います。" + consult(contact)


def asked(question: str) -> str:
    """The question, as the first line of an answer."""
    return f"💬 質問: {question}"


def shared_by(mention: str) -> str:
    """Who shared an answer in the channel (a Slack mention)."""
    return f"（{mention} さんが共有）"


def follows(earlier: str) -> str:
    """That a follow-up was read with the earlier question."""
    return f"（前の質問「{earlier}」に続けて読みました）"


def help_hint(command: str) -> str:
    """How to get the usage, under a problem."""
    return f"使い方は {command} と送ると表示されます。"
