"""The Microsoft Teams front end."""
