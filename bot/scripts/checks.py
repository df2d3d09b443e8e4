"""Every check a script version must pass before it can be activated.

:func:`review` runs the script validator (:func:`bot.scripts.script.parse_script`:
structure, debt details only after verification, the engine's prompts present,
policy values) and adds the guardrails it does not cover:

* the disclosure and the prompts of the paths the engine always offers (stop,
  dispute, already paid, distress, wrong person, talk to a human) cannot be
  emptied, and the distress prompt keeps its ``{hotline}``;
* no threatening or harassing wording in any prompt or translation
  (:func:`bot.compliance.phrases.find_banned`);
* every faq topic has trigger phrasings in every enabled locale;
* every enabled locale has every prompt (the version's ``translations:``, else
  the ``.po`` catalog) with the same placeholders as the source text;
* the minimum instalment is not above every open balance of its currency
  (then no debtor in that currency could be offered instalments), when the
  balances are given (the admin console and the CLI's activate pass the
  database's). Open balances below the minimum are normal (those debtors are
  offered payment in full) and only give a warning.

``repaybot dialogs check`` and the admin pages both call :func:`review`, so
they report the same problems at the same lines.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ruamel.yaml.error import YAMLError

from bot.compliance.phrases import find_banned
from bot.i18n import CatalogError, Catalogs, normalize_locale, placeholder_mismatch
from bot.scripts.model import N_
from bot.scripts.script import Problem, Script, ScriptError, check_loaded, load_yaml

# Prompts of the paths the engine offers in every state; a script may reword
# them but not empty them.
PROTECTED_PROMPTS = (
    "disclosure",
    "opt_out_confirmed",
    "dispute_notice",
    "already_paid_notice",
    "distress_support",
    "wrong_person_notice",
    "handoff_notice",
)
REQUIRED_PLACEHOLDERS = {"distress_support": "hotline"}


@dataclass(frozen=True)
class Review:
    """The outcome of checking one script text."""

    script: Script | None
    problems: list[Problem] = field(default_factory=list)
    # Worth knowing, but no reason to refuse the version.
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the version may be activated."""
        return self.script is not None and not self.problems


@dataclass(frozen=True)
class BalanceRange:
    """The open balances of one currency."""

    smallest: Decimal
    largest: Decimal
    accounts: int


@dataclass(frozen=True)
class CheckOptions:
    """What the checks need besides the text."""

    locales_dir: str | Path = "locales"
    locales: Sequence[str] = ("en", "zh_CN", "zh_TW")
    extra_banned: Sequence[str] = ()
    # currency -> its open balances; None skips the balance check.
    balances: Mapping[str, BalanceRange] | None = None


def review(source: str, options: CheckOptions, filename: str = "<script>") -> Review:
    """Check script text; all problems, sorted by line."""
    script: Script | None = None
    problems: list[Problem] = []
    data: Any = None
    try:
        data = load_yaml(source, filename)  # once: it is the slow part
        script = check_loaded(source, data, filename)
    except ScriptError as exc:
        problems += exc.problems
    except YAMLError:
        data = None
    warnings: list[Problem] = []
    if hasattr(data, "keys"):
        guard = _Guard(data, options)
        problems += guard.run()
        warnings = guard.warnings

    def order(found: list[Problem]) -> list[Problem]:
        return sorted(set(found), key=lambda p: (p.line, p.column, p.message))

    return Review(script, order(problems), order(warnings))


def _where(node: Any, key: Any = None, *, value: bool = True) -> tuple[int, int]:
    lc = getattr(node, "lc", None)
    if lc is None:
        return (1, 1)
    try:
        if key is None:
            return (lc.line + 1, lc.col + 1)
        line, col = lc.value(key) if value else lc.key(key)
        return (line + 1, col + 1)
    except (KeyError, TypeError, AttributeError):
        return (lc.line + 1, lc.col + 1)


class _Guard:
    def __init__(self, data: Any, options: CheckOptions) -> None:
        self.data = data
        self.options = options
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        raw = data.get("prompts")
        self.pnode = raw if hasattr(raw, "keys") else {}
        self.prompts = {str(k): v for k, v in self.pnode.items() if isinstance(v, str)}
        self.source_locale = str(data.get("source_locale") or "en")

    def err(self, where: tuple[int, int], template: str, **values: object) -> None:
        self.problems.append(Problem.of(where, template, **values))

    def run(self) -> list[Problem]:
        self.check_text(self.pnode, self.prompts, "prompt {key!r}")
        self.check_translations()
        self.check_faq_locales()
        self.check_balances()
        return self.problems

    def check_faq_locales(self) -> None:
        """Every faq topic has triggers in every enabled locale (others may have more)."""
        node = self.data.get("faq")
        if not hasattr(node, "keys"):
            return
        enabled = [normalize_locale(x) or x for x in self.options.locales]
        for name, spec in node.items():
            triggers = spec.get("triggers") if hasattr(spec, "keys") else None
            if not hasattr(triggers, "keys") or not triggers:
                continue  # the script check reports it
            for loc in enabled:
                if loc != self.source_locale and loc not in triggers:
                    self.err(
                        _where(node, name, value=False),
                        N_("faq topic %(topic)s has no %(locale)s triggers"),
                        topic=repr(str(name)),
                        locale=loc,
                    )

    def check_text(self, node: Any, texts: Mapping[str, str], label: str) -> None:
        """Banned wording everywhere; protected prompts not emptied."""
        for key, text in texts.items():
            where = _where(node, key)
            name = label.format(key=key)
            for phrase in find_banned(text, self.options.extra_banned):
                self.err(
                    where,
                    N_("%(name)s: threatening or harassing wording %(phrase)s"),
                    name=name,
                    phrase=repr(phrase),
                )
        for key in PROTECTED_PROMPTS:
            if key in texts and not texts[key].strip():
                self.err(
                    _where(node, key),
                    N_("%(name)s cannot be empty: the engine sends it whatever the script says"),
                    name=label.format(key=key),
                )
        for key, needed in REQUIRED_PLACEHOLDERS.items():
            wording = texts.get(key)
            if wording and "{" + needed + "}" not in wording:
                self.err(
                    _where(node, key),
                    N_("%(name)s must keep %(placeholder)s"),
                    name=label.format(key=key),
                    placeholder="{" + needed + "}",
                )

    def check_translations(self) -> None:
        node = self.data.get("translations")
        tables: dict[str, tuple[Any, dict[str, str]]] = {}
        if node is not None and not hasattr(node, "keys"):
            self.err(
                _where(self.data, "translations", value=False),
                N_("translations must map each locale to prompt keys and their text"),
            )
            node = None
        enabled = [normalize_locale(x) or x for x in self.options.locales]
        for locale, table in (node or {}).items():
            at = _where(node, locale, value=False)
            loc = str(locale)
            if loc == self.source_locale or loc not in enabled:
                self.err(
                    at,
                    N_("translations: %(locale)s is not an enabled target locale"),
                    locale=repr(loc),
                )
                continue
            if not hasattr(table, "keys"):
                self.err(at, N_("translations.%(locale)s must map prompt keys to text"), locale=loc)
                continue
            texts: dict[str, str] = {}
            for key, text in table.items():
                where = _where(table, key)
                if str(key) not in self.prompts:
                    self.err(
                        where,
                        N_("translations.%(locale)s: unknown prompt %(key)s"),
                        locale=loc,
                        key=repr(key),
                    )
                elif not isinstance(text, str):
                    self.err(
                        where,
                        N_("translations.%(locale)s.%(key)s must be text"),
                        locale=loc,
                        key=key,
                    )
                elif text.strip():
                    texts[str(key)] = text
                    issue = placeholder_mismatch(self.prompts[str(key)], text)
                    if issue:
                        self.err(
                            where,
                            N_("translations.%(locale)s.%(key)s: %(problem)s"),
                            locale=loc,
                            key=key,
                            problem=issue,
                        )
            self.check_text(table, texts, f"translations.{loc}.{{key}}")
            tables[loc] = (table, texts)
        catalogs = Catalogs(self.options.locales_dir, source_locale=self.source_locale)
        for loc in enabled:
            if loc == self.source_locale:
                continue
            table, own = tables.get(loc, (None, {}))
            try:
                missing = set(catalogs.missing(loc, list(self.prompts.values())))
            except CatalogError as exc:
                self.err((1, 1), str(exc))
                continue
            for key, source in self.prompts.items():
                if key in own or not source.strip():
                    continue
                if source in missing:
                    where = _where(table) if table is not None else _where(self.pnode, key)
                    self.err(
                        where,
                        N_("prompt %(key)s has no %(locale)s translation"),
                        key=repr(key),
                        locale=loc,
                    )
                else:
                    for phrase in find_banned(
                        catalogs.gettext(loc, source), self.options.extra_banned
                    ):
                        self.err(
                            _where(self.pnode, key),
                            N_(
                                "prompt %(key)s: the %(locale)s catalog's translation has "
                                "threatening or harassing wording %(phrase)s"
                            ),
                            key=repr(key),
                            locale=loc,
                            phrase=repr(phrase),
                        )

    def check_balances(self) -> None:
        if not self.options.balances:
            return
        policy: Any = self.data.get("policy")
        inst: Any = policy.get("instalments") if hasattr(policy, "keys") else None
        table: Any = inst.get("min_amount") if hasattr(inst, "keys") else None
        if not hasattr(table, "keys"):
            return
        for code, raw in table.items():
            found = self.options.balances.get(str(code).upper())
            try:
                minimum = Decimal(str(raw))
            except ArithmeticError:
                continue  # the policy check reports it
            if found is None or not minimum.is_finite():
                continue
            where = _where(table, code)
            key = f"policy.instalments.min_amount.{code}"
            if minimum > found.largest:
                self.err(
                    where,
                    N_(
                        "%(key)s: minimum instalment %(minimum)s is above every open %(currency)s "
                        "balance (the largest is %(largest)s): no debtor in %(currency)s could be "
                        "offered instalments"
                    ),
                    key=key,
                    minimum=minimum,
                    currency=code,
                    largest=found.largest,
                )
            elif minimum > found.smallest:
                self.warnings.append(
                    Problem.of(
                        where,
                        N_(
                            "%(key)s: some open %(currency)s balances are below the minimum "
                            "instalment %(minimum)s (the smallest is %(smallest)s); those debtors "
                            "are offered payment in full"
                        ),
                        key=key,
                        currency=code,
                        minimum=minimum,
                        smallest=found.smallest,
                    )
                )
