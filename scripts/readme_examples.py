"""Re-run the commands behind README.md's example blocks and write their real output into them.

A block is marked by an HTML comment on the line before its opening fence:

    <!-- example: echo 昼休みに投稿していい? | make run -->
    <!-- example: $ guidebot corpus borrowed --doc kitaura
         given: guidebot ingest tests/eval/cities/sample-kitaura.txt --id kitaura --org kitaura -->

The command runs in bash from the repository root, the venv's bin/ first on PATH, on a copy
of corpus/ with its own index and question log, after its `given:` commands, and with every
Slack, Teams and GUIDEBOT_ setting of the environment or .env left empty. "$ " before the
command shows it as the block's first line; stdout and stderr follow, as a terminal shows them.

    python scripts/readme_examples.py           # rewrite the blocks (make readme)
    python scripts/readme_examples.py --check   # change nothing; exit 1 naming each stale block
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"^<!-- example: (?P<marker>(?:(?!-->).)*?)\s*-->\n(?P<fence>```[^\n]*\n)(?P<body>.*?)^```$",
                   re.DOTALL | re.MULTILINE)
SETTING_PREFIXES = ("GUIDEBOT_", "SLACK_", "TEAMS_")
MAKE_VARIABLES = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")  # a sub-make would print "Entering directory"
TIMEOUT = 300


@dataclass(frozen=True)
class Example:
    """One marked block: its command, whether the block shows it, its setup, where its body is."""

    command: str
    shown: bool
    given: tuple[str, ...]
    line: int
    start: int
    end: int
    body: str

    @classmethod
    def parse(cls, match: re.Match, text: str) -> "Example":
        line = text.count("\n", 0, match.start()) + 1
        first, *rest = [part.strip() for part in match["marker"].splitlines()]
        unknown = [part for part in rest if not part.startswith("given:")]
        if unknown:
            raise SystemExit(f"README line {line}: not a 'given:' line: {unknown[0]}")
        given = tuple(part.removeprefix("given:").strip() for part in rest)
        return cls(first.removeprefix("$ "), first.startswith("$ "), given, line,
                   match.start("body"), match.end("body"), match["body"])


def examples(text: str) -> list[Example]:
    return [Example.parse(match, text) for match in BLOCK.finditer(text)]


def base_environment() -> dict[str, str]:
    """The environment with the venv first on PATH and every bot setting empty (so .env cannot fill it)."""
    names = {key for key in os.environ if key.startswith(SETTING_PREFIXES)}
    names |= set(re.findall(r"^([A-Z][A-Z0-9_]*)=", (REPO / ".env.example").read_text(encoding="utf-8"), re.MULTILINE))
    env = {key: value for key, value in os.environ.items() if key not in names and key not in MAKE_VARIABLES}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return env | {name: "" for name in names}


def run(command: str, env: dict[str, str], where: str) -> str:
    """A command's stdout and stderr together; SystemExit naming the block if it fails."""
    result = subprocess.run(["bash", "-c", command], cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, timeout=TIMEOUT)
    if result.returncode != 0:
        raise SystemExit(f"{where}: `{command}` exited with {result.returncode}:\n{result.stdout}")
    return result.stdout


class Sandboxes:
    """A copy of corpus/ with its own index and log for each different list of `given:` commands."""

    def __init__(self, work: Path):
        self.work, self.made = work, {}

    def environment(self, example: Example, where: str) -> dict[str, str]:
        if example.given not in self.made:
            folder = self.work / f"sandbox{len(self.made)}"
            shutil.copytree(REPO / "corpus", folder / "corpus")
            env = base_environment() | {"GUIDEBOT_CORPUS": str(folder / "corpus"),
                                        "GUIDEBOT_INDEX": str(folder / "index.sqlite"),
                                        "GUIDEBOT_LOG": str(folder / "questions-log.sqlite")}
            for command in (*example.given, "guidebot index build"):  # built first: no "building the index" line
                run(command, env, where)
            self.made[example.given] = env
        return self.made[example.given]


def real_body(example: Example, sandboxes: Sandboxes, where: str) -> str:
    output = run(example.command, sandboxes.environment(example, where), where).rstrip()
    return (f"$ {example.command}\n" if example.shown else "") + (f"{output}\n" if output else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a block differs from a real run")
    parser.add_argument("--readme", type=Path, default=REPO / "README.md")
    args = parser.parse_args(argv)
    text = args.readme.read_text(encoding="utf-8")
    found = examples(text)
    if not found:
        raise SystemExit(f"{args.readme}: no '<!-- example: … -->' block")
    stale, pieces, last = [], [], 0
    with tempfile.TemporaryDirectory(prefix="guidebot-readme-") as work:
        sandboxes = Sandboxes(Path(work))
        for example in found:
            where = f"{args.readme.name}:{example.line}"
            body = real_body(example, sandboxes, where)
            if body != example.body:
                stale.append(f"{where}: the block of `{example.command}` differs from a real run:\n" + "".join(
                    difflib.unified_diff(example.body.splitlines(True), body.splitlines(True), "README", "real run")))
            pieces += [text[last:example.start], body]
            last = example.end
    if args.check:
        print("\n".join(stale) or f"{len(found)} example blocks match a real run")
        return 1 if stale else 0
    args.readme.write_text("".join(pieces) + text[last:], encoding="utf-8")
    print(f"{len(found)} example blocks run, {len(stale)} rewritten")
    return 0


if __name__ == "__main__":
    sys.exit(main())
