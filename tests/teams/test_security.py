"""Bot Framework tokens: with credentials set, every Activity needs a token signed by a key the key service
publishes, for this bot, from Bot Framework, for the Activity's serviceUrl. The keys come from the stand-in."""

from __future__ import annotations

import time

import pytest

from tests.teams.conftest import CLIENT_ID, activity
from tests.teams.standin import ISSUER, SigningKey


def claims(connector, **overrides) -> dict:
    return {"iss": ISSUER, "aud": CLIENT_ID, "serviceurl": connector.service_url, **overrides}


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_an_activity_without_a_token_gets_401_and_no_reply(secured_bot, connector):
    message = activity("昼休みに投稿していい？", connector)
    status, _ = secured_bot.post(message)
    assert status == 401
    assert connector.replies_to(message["conversation"]["id"]) == []
    assert secured_bot.questions() == []


@pytest.mark.parametrize("forge", [
    lambda connector: "not-a-jwt",
    lambda connector: SigningKey().token(**claims(connector)),  # an unknown key
    lambda connector: connector.key.token(**claims(connector, aud="00000000-0000-0000-0000-000000000000")),
    lambda connector: connector.key.token(**claims(connector, iss="https://sts.example.invalid/")),
    lambda connector: connector.key.token(**claims(connector, serviceurl="https://smba.trafficmanager.net/teams/")),
    lambda connector: connector.key.token(**claims(connector, exp=int(time.time()) - 3600)),
], ids=["garbage", "unknown-key", "wrong-audience", "wrong-issuer", "other-service-url", "expired"])
def test_a_forged_token_gets_401_and_no_reply(secured_bot, connector, forge):
    message = activity("昼休みに投稿していい？", connector)
    status, _ = secured_bot.post(message, headers=bearer(forge(connector)))
    assert status == 401
    assert connector.replies_to(message["conversation"]["id"]) == []
    assert secured_bot.questions() == []


def test_a_token_signed_by_the_published_key_for_this_bot_is_accepted(secured_bot, connector):
    message = activity("昼休みに投稿していい？", connector)
    status, _ = secured_bot.post(message, headers=bearer(connector.key.token(**claims(connector))))
    assert status == 200
    assert connector.key_requests >= 1  # the keys came from the stand-in, never from Microsoft
    asked = secured_bot.questions()
    assert [(q["question"], q["surface"]) for q in asked] == [("昼休みに投稿していい？", "teams")]
