"""guidebot: answers staff questions about social-media guidelines by citing the clause."""

__version__ = "0.1.0"
