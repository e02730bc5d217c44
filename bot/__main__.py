"""`python -m bot` runs the guidebot command line."""

from bot.cli import main

main()
