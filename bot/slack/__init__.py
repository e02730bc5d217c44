"""The Slack bot: bolt listeners, the HTTP server and the `serve`/`report` commands."""
