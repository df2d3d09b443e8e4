"""Reading a script's policy mapping: problems and errors by key path, and each value's type."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from bot.negotiation.schedule import FREQUENCIES


def N_(message: str) -> str:
    """Mark ``message`` for translation (Babel extracts ``N_``); the console shows it translated."""
    return message


@dataclass(frozen=True, slots=True)
class PolicyProblem:
    """What is wrong with one policy value.

    Attributes:
        path: Dotted key path, e.g. ``"policy.instalments.max_months"``.
        template: The catalog message id (English, ``%(name)s`` placeholders).
        values: The values filled into ``template``.
    """

    path: str
    template: str
    values: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, path: str, template: str, **values: object) -> PolicyProblem:
        """The problem at ``path`` whose message is ``template % values``."""
        return cls(path, template, tuple(sorted((k, str(v)) for k, v in values.items())))

    @property
    def message(self) -> str:
        """The English text."""
        return self.template % dict(self.values) if self.values else self.template


HORIZONS = ("end_of_month", "end_of_next_month")
"""Named horizons for a single payment (besides a number of days)."""

_SECTIONS: dict[str, tuple[str, ...]] = {
    "pay_in_full": ("discount_percent", "within_days", "horizon"),
    "instalments": (
        "frequencies",
        "min_amount",
        "max_months",
        "first_payment_within_days",
        "standard_months",
    ),
    "hardship": ("min_amount", "max_months", "pause_max_days"),
    "settlement": ("min_percent", "approval_below_percent", "within_days"),
}


class PolicyError(ValueError):
    """A policy value that cannot be used.

    Attributes:
        path: Dotted key path, e.g. ``"policy.instalments.max_months"``.
        keys: The same path as a tuple of keys, for finding the line in the YAML.
        message: What is wrong (English).
        problem: The same as a :class:`PolicyProblem` (for showing it translated).
    """

    def __init__(self, path: str, template: str, **values: object) -> None:
        self.problem = PolicyProblem.of(path, template, **values)
        self.path = path
        self.keys: tuple[str, ...] = tuple(path.split("."))
        self.message = self.problem.message
        super().__init__(f"{path}: {self.message}")


def _mapping(value: Any, path: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise PolicyError(path, N_("must be a mapping, not %(kind)s"), kind=_kind(value))
    return value


def _list(value: Any, section: str, key: str) -> list[Any]:
    if not isinstance(value, list | tuple):
        raise PolicyError(f"{section}.{key}", N_("must be a list, not %(kind)s"), kind=_kind(value))
    return list(value)


def _known(data: Mapping[str, Any], path: str, allowed: tuple[str, ...]) -> None:
    for key in data:
        if key not in allowed:
            raise PolicyError(
                f"{path}.{key}",
                N_("unknown key; expected one of %(allowed)s"),
                allowed=", ".join(allowed),
            )


def _int(value: Any, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise PolicyError(path, N_("must be a whole number, not %(value)s"), value=repr(value))
    return value


def _decimal(value: Any, path: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise PolicyError(path, N_("must be a number, not %(value)s"), value=repr(value))
    try:
        result = Decimal(str(value).strip())
    except InvalidOperation:
        raise PolicyError(path, N_("must be a number, not %(value)s"), value=repr(value)) from None
    if not result.is_finite():
        raise PolicyError(path, N_("must be a finite number, not %(value)s"), value=repr(value))
    return result


def _amounts(value: Any, path: str) -> dict[str, Decimal]:
    table = _mapping(value, path)
    out = {}
    for code, amount in table.items():
        if not isinstance(code, str) or len(code) != 3 or not code.isalpha():
            raise PolicyError(f"{path}.{code}", N_("keys must be 3-letter currency codes like CNY"))
        out[code.upper()] = _decimal(amount, f"{path}.{code}")
    return out


def _frequencies(value: Any, path: str) -> tuple[str, ...]:
    section, _, key = path.rpartition(".")
    items = _list(value, section, key)
    for i, item in enumerate(items):
        if item not in FREQUENCIES:
            raise PolicyError(
                f"{path}.{i}",
                N_("unknown frequency %(value)s; use %(allowed)s"),
                value=repr(item),
                allowed=", ".join(FREQUENCIES),
            )
    return tuple(items)


def _horizon(value: Any, path: str) -> str | int:
    if isinstance(value, str) and value in HORIZONS:
        return value
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 366:
        return value
    raise PolicyError(
        path,
        N_("must be %(allowed)s or a number of days from 0 to 366, not %(value)s"),
        allowed=" or ".join(HORIZONS),
        value=repr(value),
    )


def _kind(value: Any) -> str:
    return "nothing" if value is None else type(value).__name__
