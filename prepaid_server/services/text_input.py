"""Text the server accepts (issue 11): no NUL and no lone surrogates in any string (PostgreSQL
refuses NUL; a lone surrogate cannot be encoded as UTF-8, so it could be neither stored nor
answered), and no control characters at all in fields that are not free text (sale documents)."""
from __future__ import annotations

import re
from typing import Annotated

from pydantic import Field

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")


def storable(text: str) -> bool:
    """True when the text has no NUL and no lone surrogate."""
    return _UNSTORABLE.search(text) is None


def plain(text: str) -> bool:
    """True when the text has no control character and no lone surrogate (ids, codes, numbers)."""
    return _CONTROL.search(text) is None


# As pydantic-core patterns (Rust regex, no Python call per field); pydantic-core itself refuses a
# lone surrogate (`string_unicode`) before the pattern is tried.
_NO_NUL = r"^[^\x00]*$"
_NO_CONTROL = r"^[^\x00-\x1f\x7f]*$"


def CleanText(max_length: int, min_length: int = 0):  # noqa: ANN201, N802 - a type factory
    """str of min..max characters without NUL or lone surrogates (free text: labels, reasons)."""
    return Annotated[str, Field(min_length=min_length, max_length=max_length, pattern=_NO_NUL)]


def PlainText(max_length: int, min_length: int = 1):  # noqa: ANN201, N802
    """str without any control character or lone surrogate (ids, codes, numbers)."""
    return Annotated[str, Field(min_length=min_length, max_length=max_length, pattern=_NO_CONTROL)]
