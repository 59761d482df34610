"""Reading JSON that clients send: strict JSON, bounded in depth, one reader for every body.

Python's json module accepts more than JSON and fails in ways that are not ValueErrors:
NaN and Infinity are not JSON; an integer of thousands of digits raises at the int-string
conversion limit; a body nested thousands deep raises RecursionError. Flask (request.get_json)
and the API's argument parser (api.py) both read bodies through `loads` here, so each of these
is one clear 400, never a 500.
"""

from __future__ import annotations

import json
from typing import Any

# The app's deepest body is six levels (push > changes > change > data > presets > preset);
# anything far deeper is not one of ours, and walking it would cost recursion.
MAX_DEPTH = 32
# Longer integer literals than this are read as floats (the infinity they round to at
# worst). Every number the API takes is far smaller, so its field then names the problem
# ("Use a whole number from ..."), and Python's int-string conversion is never reached.
MAX_INTEGER_DIGITS = 20


class UnreadableJson(ValueError):
    """The body is not JSON this server reads. A ValueError, as json's own errors are,
    so `request.get_json(silent=True)` treats it as any other bad body."""


def _integer(text: str) -> int | float:
    if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        return float(text)
    return int(text)


def _no_constant(name: str) -> Any:
    raise UnreadableJson(f"{name} is not a JSON number.")


def too_deep(value: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether arrays and objects nest more than `limit` levels (walked without recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def loads(text: str | bytes) -> Any:
    """Parse a request body; UnreadableJson says why it cannot be read."""
    try:
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        value = json.loads(text, parse_int=_integer, parse_constant=_no_constant)
    except UnicodeDecodeError as error:
        raise UnreadableJson("The body is not UTF-8 text.") from error
    except RecursionError as error:
        raise UnreadableJson(f"The body nests more than {MAX_DEPTH} levels deep.") from error
    except UnreadableJson:
        raise
    except ValueError as error:  # json.JSONDecodeError among them
        raise UnreadableJson("The body is not valid JSON.") from error
    if too_deep(value):
        raise UnreadableJson(f"The body nests more than {MAX_DEPTH} levels deep.")
    return value
