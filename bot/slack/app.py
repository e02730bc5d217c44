"""The bolt app: listeners that translate between Slack and the engine, nothing more.

Surfaces: a DM to the bot, an @mention in a channel (answered in the
thread) and ``/guideline`` (answered privately, with a button to share the
answer in the channel). Every answer carries 👍/👎 buttons; questions and
clicks go to the question log. Replies are sent through ``Guide.deliver``:
retried until Slack takes them or the delivery deadline passes, and
recorded in the question log.
"""

from __future__ import annotations

import json
import logging
import re
from concurrent.futures import Executor

from slack_bolt import App, BoltResponse
from slack_sdk import WebClient

from bot.delivery import Delivery
from bot.engine.answer import Answer, Problem
from bot.guide import Guide
from bot.inbound import SeenEvents, is_help
from bot.slack.client import post_message, post_response, web_client
from bot.render import messages
from bot.render.blocks import FEEDBACK_DOWN, FEEDBACK_UP, SHARE, render_help, render_message

logger = logging.getLogger("guidebot.slack")

COMMAND = "/guideline"
USER_MENTION = re.compile(r"<@([A-Z0-9]+)(?:\|[^>]*)?>")
# :smile:, :+1:, :thumbsup::skin-tone-2:, :our-logo: — but not the 30 in 12:30:45
EMOJI_SHORTCODE = re.compile(r"(?<![A-Za-z0-9]):[a-z0-9_+'-]+:(?![A-Za-z0-9])")
# Messages from people: plain, or with an attachment (file_share); not edits, deletions or joins.
ANSWERED_SUBTYPES = {None, "file_share"}



def question_text(text: str | None, bot_user_id: str | None) -> str:
    """The question in a Slack message: the bot's mention and emoji shortcodes removed, Slack's escaping undone."""
    text = EMOJI_SHORTCODE.sub("", _unmentioned(text, bot_user_id))
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").strip()


def emoji_alone(text: str | None, bot_user_id: str | None) -> str:
    """A message of emoji shortcodes and nothing else (「:smile: :+1:」), as sent (Slack shows the emoji); else ""."""
    rest = _unmentioned(text, bot_user_id).strip()
    return rest if EMOJI_SHORTCODE.search(rest) and not EMOJI_SHORTCODE.sub("", rest).strip() else ""


def _unmentioned(text: str | None, bot_user_id: str | None) -> str:
    """A message without the bot's own mention (other people's stay)."""
    return USER_MENTION.sub(lambda m: "" if m.group(1) == bot_user_id else m.group(0), text or "")


def shared_question(value: str | None) -> str:
    """The question log id a share button carries (``{"id": ...}``), or "" when it carries none."""
    try:
        return str(json.loads(value or "")["id"])
    except (ValueError, TypeError, KeyError):
        return ""


def build_app(client: WebClient, signing_secret: str, guide: Guide, executor: Executor | None = None) -> App:
    """The bolt app with every listener. Bolt calls auth.test on ``client`` here to learn the bot's own ids."""
    # No AI-assistant helpers: for a DM in a thread they fetch conversations.replies before `say`,
    # and when that call fails the question goes unanswered.
    app = App(client=client, signing_secret=signing_secret, listener_executor=executor, name="guidebot",
              attaching_conversation_kwargs_enabled=False)
    poster = web_client(client.token, client.base_url, retries=False)  # Guide.deliver retries answers
    seen = SeenEvents()

    @app.middleware
    def answer_each_event_once(body, request, next):
        # Slack retries an event it thinks we missed; a retry of an event we
        # have seen is dropped, one we never saw (we were down) is answered.
        event_id = body.get("event_id")
        if event_id and not seen.first_time(event_id):
            retry = (request.headers.get("x-slack-retry-reason") or [""])[0]
            logger.info("ignoring the repeated event %s%s", event_id, f" (Slack retry: {retry})" if retry else "")
            return BoltResponse(status=200, body="")
        return next()

    def answer_message(text: str | None, surface: str, user: str | None, bot_user_id: str | None,
                       share: bool = False, conversation: str | None = None) -> tuple[dict, str | None]:
        """The reply to a message (usage for help, else the cited answer) and its question log id."""
        question = question_text(text, bot_user_id)
        if emoji := emoji_alone(text, bot_user_id):  # symbols, not words: ask for words (an empty message gets help)
            return render_message(Answer(emoji, False, problem=Problem.NO_WORDS), guide.contact), None
        if is_help(question):
            return render_help(guide.contact), None
        answer, question_id = guide.ask(question, surface, user, conversation)
        return render_message(answer, guide.contact, question_id, share=share), question_id

    def post(message: dict, question_id: str | None, surface: str, channel: str, thread_ts: str | None) -> None:
        send = post_message(poster, **message, channel=channel, thread_ts=thread_ts)
        guide.deliver(send, question_id, f"the {surface} answer {question_id or '(help)'}")

    def respond_to(url: str, what: str, question_id: str | None = None, **message) -> Delivery:
        return guide.deliver(post_response(url, client.proxy, **message), question_id, what)

    @app.event("message")
    def direct_message(event, context):
        # Only messages from people in a DM: no edits, deletions, joins or bots.
        if event.get("channel_type") != "im" or event.get("subtype") not in ANSWERED_SUBTYPES or event.get("bot_id"):
            return
        # a DM's questions within the window are one conversation, and so are those of one thread in it
        conversation = f"slack:{event['channel']}:{event.get('thread_ts') or ''}"
        if event.get("thread_ts") and not guide.conversations.earlier(conversation):
            conversation = f"slack:{event['channel']}:"  # a reply in the thread of an answer the DM gave
        message, question_id = answer_message(event.get("text"), "dm", event.get("user"), context.bot_user_id,
                                              conversation=conversation)
        post(message, question_id, "dm", event["channel"], event.get("thread_ts"))

    @app.event("app_mention")
    def mention(event, context):
        # A mention in a DM also arrives as a message event and is answered there.
        if event.get("channel", "").startswith("D") or event.get("subtype") or event.get("bot_id"):
            return
        thread = event.get("thread_ts") or event.get("ts")  # answered in this thread, and read with its questions
        message, question_id = answer_message(event.get("text"), "mention", event.get("user"), context.bot_user_id,
                                              conversation=f"slack:{event['channel']}:{thread}")
        post(message, question_id, "mention", event["channel"], thread)

    @app.command(COMMAND)
    def slash_command(ack, command):
        ack()
        message, question_id = answer_message(command.get("text"), "slash", command.get("user_id"), None, share=True)
        respond_to(command["response_url"], f"the slash answer {question_id or '(help)'}", question_id,
                   **message, response_type="ephemeral")

    @app.action(SHARE)
    def share(ack, action, body):
        # The answer the asker saw, from the log: not asked again, so a corpus changed since does not show.
        ack()
        question_id = shared_question(action.get("value"))
        answer = guide.given(question_id) if question_id else None
        url = body["response_url"]
        if answer is None:
            logger.warning("the answer %s to share is not in the question log", question_id or "(no id)")
            respond_to(url, f"the notice that {question_id or '(no id)'} cannot be shared", text=messages.NOT_KEPT,
                       response_type="ephemeral", replace_original=False)
            return
        message = render_message(answer, guide.contact, question_id, shared_by=body["user"]["id"])
        if respond_to(url, f"the shared answer {question_id}", **message, response_type="in_channel",
                      replace_original=False).delivered:
            respond_to(url, f"the removal of the private answer {question_id}", delete_original=True)

    @app.action(re.compile(f"^({FEEDBACK_UP}|{FEEDBACK_DOWN})$"))
    def feedback(ack, action, body):
        ack()
        vote = "up" if action["action_id"] == FEEDBACK_UP else "down"
        guide.log.add_feedback(action["value"], vote, body["user"]["id"])
        logger.info("feedback %s on question %s", vote, action["value"])
        respond_to(body["response_url"], f"the thanks for feedback on {action['value']}",
                   text=messages.thanks(vote, guide.contact), response_type="ephemeral", replace_original=False)

    @app.error
    def failed(error, body):
        # Log what failed, never the request body (it carries Slack's verification token).
        kind = body.get("type") or body.get("command") or "request"
        event = (body.get("event") or {}).get("type", "")
        logger.error("failed to handle a Slack %s %s: %r", kind, event, error, exc_info=error)

    return app
