"""Text the server accepts (issue 11): no NUL and no lone surrogates in any string (PostgreSQL
refuses NUL; a lone surrogate cannot be encoded as UTF-8, so it could be neither stored nor
answered), and no control characters at all in fields that are not free text (sale documents)."""
from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")


def storable(text: str) -> bool:
    """True when the text has no NUL and no lone surrogate."""
    return _UNSTORABLE.search(text) is None


def plain(text: str) -> bool:
    """True when the text has no control character and no lone surrogate (ids, codes, numbers)."""
    return _CONTROL.search(text) is None


def _check_storable(text: str) -> str:
    if not storable(text):
        raise ValueError("text contains a NUL character or a lone surrogate")
    return text


def _check_plain(text: str) -> str:
    if not plain(text):
        raise ValueError("text contains a control character or a lone surrogate")
    return text


def CleanText(max_length: int, min_length: int = 0):  # noqa: ANN201, N802 - a type factory
    """str of min..max characters without NUL or lone surrogates (free text: labels, reasons)."""
    return Annotated[str, Field(min_length=min_length, max_length=max_length), AfterValidator(_check_storable)]


def PlainText(max_length: int, min_length: int = 1, pattern: str | None = None):  # noqa: ANN201, N802
    """str without any control character or lone surrogate (ids, codes, numbers)."""
    return Annotated[str, Field(min_length=min_length, max_length=max_length, pattern=pattern),
                     AfterValidator(_check_plain)]
