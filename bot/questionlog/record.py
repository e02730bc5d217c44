"""An Answer as it was given, kept whole: JSON that turns back into an equal Answer.

The question log keeps every answer this way so that sharing one shows what
the asker saw, even after the corpus changed. Nothing is chosen field by
field: every dataclass field of Answer, Hit and Clause is written, and read
back by its type, so a field added later is kept too (and an answer logged
before it existed gets the field's default).
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from enum import Enum

from bot.engine.answer import Answer


def dump(answer: Answer) -> str:
    """The answer as one line of JSON, every field of it included."""
    return json.dumps(dataclasses.asdict(answer), ensure_ascii=False, default=_plain)


def load(text: str) -> Answer:
    """The Answer that ``dump`` wrote; raises ValueError when ``text`` holds none."""
    try:
        return _restore(Answer, json.loads(text))
    except (TypeError, KeyError, AttributeError, json.JSONDecodeError) as exc:
        raise ValueError(f"not a kept answer: {exc}") from None


def _plain(value):
    if isinstance(value, Enum):
        return value.value
    raise TypeError(f"cannot keep a {type(value).__name__} in an answer")


def _restore(kind, data):
    """``data`` (from JSON) as a value of the type ``kind``: dataclasses, tuples, optionals and enums rebuilt."""
    if dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        return kind(**{f.name: _restore(hints[f.name], data[f.name])
                       for f in dataclasses.fields(kind) if f.init and f.name in data})
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin is tuple:
        return tuple(_restore(args[0], item) for item in data)
    if origin in (typing.Union, types.UnionType):
        return None if data is None else _restore(next(a for a in args if a is not type(None)), data)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind(data)
    return data
