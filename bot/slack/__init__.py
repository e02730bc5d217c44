"""The Slack bot: bolt listeners, the HTTP route, start-up (credential checks, Socket Mode) and the stand-in Slack."""


class CannotStart(Exception):
    """The Slack bot cannot start as configured; the message names the variable and what to do."""
