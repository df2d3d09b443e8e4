"""Text normalisation for understanding debtor messages.

Every message is folded to one comparable form before any matching: Unicode NFKC
(full-width digits and letters become ASCII, ``￥`` becomes ``¥``), lower case, and
Traditional Chinese converted to Simplified with OpenCC. The folded text keeps a map
back to the original characters so that entities can quote what the debtor wrote.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from opencc import OpenCC

# A Han character, Simplified or Traditional (the CJK ideographs and extension A).
HAN = re.compile(r"[\u3400-\u9fff]")
# Variants OpenCC keeps that Simplified text writes otherwise (帳單 → 帐单, but 账单 is usual).
_VARIANTS = str.maketrans({"帐": "账", "著": "着", "祇": "只"})


@lru_cache(maxsize=1)
def _t2s() -> OpenCC:
    # Building the converter loads its dictionaries; do it once per process.
    return OpenCC("t2s")


@dataclass(frozen=True, slots=True)
class Folded:
    """A message in folded form.

    Attributes:
        original: The text as the debtor sent it.
        text: NFKC + lower case + Simplified Chinese.
        index: For every character of ``text``, the index of the original character
            it came from (``len(original)`` for a trailing sentinel).
        traditional: True when the Simplified conversion changed something, i.e. the
            debtor wrote Traditional characters.
    """

    original: str
    text: str
    index: tuple[int, ...]
    traditional: bool

    def source(self, start: int, end: int) -> str:
        """Return the original substring behind ``text[start:end]``."""
        if start >= end:
            return ""
        return self.original[self.index[start] : self.index[end - 1] + 1]


def fold(original: str) -> Folded:
    """Fold ``original`` to the comparable form (see the module docstring)."""
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(original):
        norm = unicodedata.normalize("NFKC", ch).lower() if ord(ch) > 127 else ch.lower()
        for sub in norm:
            chars.append(sub)
            index.append(i)
    text = "".join(chars)
    traditional = False
    if HAN.search(text):
        converted = _t2s().convert(text)
        if len(converted) != len(text):
            converted = "".join(_t2s().convert(c) if HAN.match(c) else c for c in text)
        traditional = converted != text
        text = converted.translate(_VARIANTS)
    return Folded(original=original, text=text, index=tuple(index), traditional=traditional)


def warm_up() -> None:
    """Build the OpenCC converter and its dictionaries ahead of the first message."""
    fold("繁體中文測試")
