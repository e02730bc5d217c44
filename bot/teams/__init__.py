"""The Microsoft Teams front end, on the Teams SDK (microsoft-teams-apps)."""

import warnings

# The SDK warns on import that a feature we do not use (HTML widgets) is in preview.
warnings.filterwarnings("ignore", message="HtmlWidgetSecurityPolicy is in preview")
