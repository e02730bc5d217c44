"""The Teams bot on the Teams SDK (microsoft-teams-apps): handlers that translate between Activities and the Guide.

Surfaces: a personal chat (every message is a question) and a channel or
group chat (only messages that @mention the bot, answered in the thread of
the message). Every answer is an Adaptive Card with 👍/👎 (``Action.Execute``,
an ``adaptiveCard/action`` invoke); questions and clicks go to the question
log with the surface ``teams``.
"""

from __future__ import annotations

import asyncio
import html
import logging
import re

from microsoft_teams.api import Attachment, MessageActivity, MessageActivityInput
from microsoft_teams.api.models.adaptive_card import AdaptiveCardActionMessageResponse
from microsoft_teams.apps import ActivityContext, App
from microsoft_teams.apps.utils.thread import to_threaded_conversation_id

from bot.guide import Guide
from bot.questionlog.store import VOTES
from bot.render.card import CONTENT_TYPE, FEEDBACK_VERB, render_card, render_help_card
from bot.render.messages import ATTACHMENT_ONLY, UNKNOWN_ACTION, thanks
from bot.inbound import SeenEvents, is_help
from bot.teams.package import QUESTION_COMMAND

logger = logging.getLogger("guidebot.teams")

SURFACE = "teams"
AT_TAG = re.compile(r"<at>(.*?)</at>", re.DOTALL)
QUESTION_ID = re.compile(r"[0-9a-f]{32}")  # the question log's ids
PERSONAL = ("personal", None)


def question_text(activity: MessageActivity) -> str:
    """The question in a message: the bot's own mention and the 質問 command word removed, other mentions
    kept as plain names, HTML entities undone."""
    text = activity.text or ""
    for mention in _bot_mentions(activity):
        text = text.replace(mention.text or "", " ")
    text = html.unescape(AT_TAG.sub(lambda m: m.group(1), text)).strip()
    command, _, rest = text.partition(" ")
    return rest.strip() if command == QUESTION_COMMAND else text  # the manifest's question command, then the question


def mentions_bot(activity: MessageActivity) -> bool:
    return bool(_bot_mentions(activity))


def _bot_mentions(activity: MessageActivity) -> list:
    """The message's mention entities that name the bot itself."""
    return [entity for entity in activity.entities or ()
            if getattr(entity, "type", None) == "mention"
            and getattr(getattr(entity, "mentioned", None), "id", None) == activity.recipient.id]


def card_message(card: dict) -> MessageActivityInput:
    return MessageActivityInput(attachments=[Attachment(content_type=CONTENT_TYPE, content=card)])


def register_handlers(app: App, guide: Guide) -> None:
    """Add the message, welcome and card-action handlers to the SDK app; other Activities are acknowledged
    and ignored."""
    seen = SeenEvents()

    @app.on_message
    async def message(ctx: ActivityContext[MessageActivity]) -> None:
        activity = ctx.activity
        personal = activity.conversation.conversation_type in PERSONAL
        if activity.id and not seen.first_time(f"{activity.conversation.id}|{activity.id}"):
            logger.info("ignoring the repeated Teams activity %s", activity.id)
            return
        if not personal and not mentions_bot(activity):
            return
        question = question_text(activity)
        ref = reply_ref(ctx, activity.conversation.conversation_type == "channel")
        question_id = None
        if question and not is_help(question):
            user = activity.from_.aad_object_id or activity.from_.id
            # a personal chat's questions, and a channel thread's, are one conversation (bot.conversation)
            answer, question_id = await asyncio.to_thread(guide.ask, question, SURFACE, user, f"teams:{ref.conversation.id}")
            card = render_card(answer, guide.contact, question_id)
        else:
            notice = ATTACHMENT_ONLY if not question and activity.attachments else None
            card = render_help_card(guide.contact, notice)
        failure = await deliver(ctx, card_message(card), ref)
        if question_id is not None:
            await asyncio.to_thread(guide.log.record_delivery, question_id, failure is None, 1, failure)

    @app.on_conversation_update
    async def welcome(ctx: ActivityContext) -> None:
        # The bot added to a personal chat: say how to ask. Added to a team or group chat it stays quiet.
        activity = ctx.activity
        added = {member.id for member in activity.members_added or ()}
        if activity.recipient.id in added and activity.conversation.conversation_type in PERSONAL:
            await deliver(ctx, card_message(render_help_card(guide.contact)), ctx.conversation_ref)

    @app.on_card_action
    async def card_action(ctx: ActivityContext) -> AdaptiveCardActionMessageResponse:
        action = ctx.activity.value.action
        data = action.data if isinstance(action.data, dict) else {}
        vote, question_id = data.get("vote"), data.get("question_id")
        if action.verb != FEEDBACK_VERB or vote not in VOTES or not QUESTION_ID.fullmatch(str(question_id)):
            return AdaptiveCardActionMessageResponse(value=UNKNOWN_ACTION)
        user = ctx.activity.from_.aad_object_id or ctx.activity.from_.id
        await asyncio.to_thread(guide.log.add_feedback, question_id, vote, user)
        logger.info("feedback %s on question %s", vote, question_id)
        return AdaptiveCardActionMessageResponse(value=thanks(vote, guide.contact))


def reply_ref(ctx: ActivityContext, in_thread: bool):
    """Where the reply goes: the conversation, or in a channel the thread of the message."""
    ref = ctx.conversation_ref
    if in_thread and ";messageid=" not in ref.conversation.id and (ctx.activity.id or "").isdigit():
        threaded = to_threaded_conversation_id(ref.conversation.id, ctx.activity.id)  # a new post starts a thread
        ref = ref.model_copy(update={"conversation": ref.conversation.model_copy(update={"id": threaded})})
    return ref


async def deliver(ctx: ActivityContext, reply: MessageActivityInput, ref) -> str | None:
    """Send the reply to ``ref`` (the SDK's client retries, bot.teams.retry); None once delivered, else
    the reason, logged, not raised."""
    reply.reply_to_id = ctx.activity.id
    try:
        await ctx.send(reply, ref)
    except Exception as exc:  # after the retries: the connector is down or refused the reply
        logger.error("could not deliver the answer to Teams conversation %s: %s", ref.conversation.id[:80], exc)
        return f"{type(exc).__name__}: {exc}"[:500]
    return None
