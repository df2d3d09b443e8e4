"""What the system holds and has decided for one account (``accounts show``).

The same facts the console shows: status, opt-outs, verification state,
escalations, agreements, circumstances the debtor told us about and the latest
audit decisions. Personal data is masked unless the caller asks to reveal it (and
the configuration allows it).
The JSON keys are a stable contract.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.compliance.profiles import profile_for
from bot.compliance.redact import mask_value
from bot.config import Settings
from bot.money import is_exact, quantize
from bot.store import circumstances
from bot.store.crypto import PersonalData
from bot.store.models import (
    Account,
    Agreement,
    AuditEntry,
    ContactChannel,
    Escalation,
    Identity,
    OptOut,
    VerificationAttempt,
)

RECENT_AUDIT = 10
PRIORITIES = {0: "urgent", 1: "high", 2: "normal"}


def _money(amount: Decimal, currency: str) -> str:
    """An exact decimal string with the currency's decimals (``11700.50``), never rounded."""
    return str(quantize(amount, currency)) if is_exact(amount, currency) else str(amount)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def mask_name(name: str) -> str:
    """Keep the first character of each word: ``Li Wei`` → ``L* W**``, ``李伟`` → ``李*``."""
    return " ".join(w[:1] + "*" * (len(w) - 1) for w in name.split(" ")) if name else ""


def mask_email(email: str) -> str:
    """Keep the first character and the domain: ``l*****@example.com``."""
    local, at, domain = email.partition("@")
    return (local[:1] + "*" * max(len(local) - 1, 1) + at + domain) if email else ""


def account_overview(
    session: Session,
    personal: PersonalData,
    account: Account,
    now: datetime,
    settings: Settings,
    *,
    reveal: bool = False,
) -> dict[str, Any]:
    """Build the ``accounts show`` document for ``account``.

    Args:
        session: Reads the account's rows.
        personal: Decrypts personal fields (shown masked unless ``reveal``).
        account: The account.
        now: The current time (for lock state and recent failures).
        settings: All settings (verification limits, compliance profile).
        reveal: Show personal data in clear; the caller checks it is allowed.
    """
    name = personal.decrypt(account.full_name_enc) if account.full_name_enc else ""
    phone = personal.decrypt(account.phone_enc) if account.phone_enc else ""
    email = personal.decrypt(account.email_enc) if account.email_enc else ""
    failures = int(
        session.scalar(
            select(func.count(VerificationAttempt.id)).where(
                VerificationAttempt.account_id == account.id,
                VerificationAttempt.success.is_(False),
                VerificationAttempt.created_at >= now - timedelta(days=1),
            )
        )
        or 0
    )
    identities = session.scalars(
        select(Identity).where(Identity.account_id == account.id).order_by(Identity.id)
    )
    opt_outs = list(
        session.scalars(select(OptOut).where(OptOut.account_id == account.id).order_by(OptOut.id))
    )
    opted_chats = {o.platform_user_id for o in opt_outs if o.revoked_at is None}
    escalations = session.scalars(
        select(Escalation).where(Escalation.account_id == account.id).order_by(Escalation.id)
    )
    channels = [
        {
            "channel": c.platform,
            "consent": c.consent,
            "opted_out": c.chat_id in opted_chats,
            "usable": c.unusable_at is None,
            "unusable_at": _iso(c.unusable_at),
            "unusable_reason": c.unusable_reason,
            "last_inbound_at": _iso(c.last_inbound_at),
        }
        for c in session.scalars(
            select(ContactChannel)
            .where(ContactChannel.account_id == account.id)
            .order_by(ContactChannel.id)
        )
    ]
    agreements = session.scalars(
        select(Agreement).where(Agreement.account_id == account.id).order_by(Agreement.id)
    )
    audit = session.scalars(
        select(AuditEntry)
        .where(AuditEntry.account_id == account.id)
        .order_by(AuditEntry.id.desc())
        .limit(RECENT_AUDIT)
    )
    return {
        "account_ref": account.account_ref,
        "status": account.status,
        "legal_hold": account.legal_hold,
        "compliance_profile": profile_for(account, settings.compliance).name,
        "locale": account.locale,
        "timezone": account.timezone,
        "personal": {
            "full_name": name if reveal else mask_name(name),
            "phone": phone if reveal else mask_value(phone),
            "email": email if reveal else mask_email(email),
            "revealed": reveal,
        },
        "balance": {
            "currency": account.currency,
            "principal": _money(account.principal, account.currency),
            "interest": _money(account.interest, account.currency),
            "fees": _money(account.fees, account.currency),
            # What is still owed: the total less payments (and what a completed plan waived).
            "total": _money(account.owed, account.currency),
            "paid": _money(account.paid, account.currency),
            "credit": _money(account.credit, account.currency),
            "due_date": account.due_date.isoformat(),
        },
        "opt_outs": [
            {
                "channel": o.platform,
                "at": _iso(o.created_at),
                "source": o.source,
                "active": o.revoked_at is None,
                "revoked_at": _iso(o.revoked_at),
            }
            for o in opt_outs
        ],
        "verification": {
            "identities": [
                {
                    "platform": i.platform,
                    "bound_at": _iso(i.bound_at),
                    "verified_at": _iso(i.verified_at),
                    "expires_at": _iso(i.expires_at),
                    "expired": i.expires_at is not None and i.expires_at <= now,
                    "unreachable": i.unreachable,
                }
                for i in identities
            ],
            "locked": failures >= settings.verification.max_attempts_per_account_per_day,
            "recent_failures": failures,
        },
        "escalations": [
            {
                "reason": e.reason,
                "priority": PRIORITIES.get(e.priority, str(e.priority)),
                "status": e.status,
                "created_at": _iso(e.created_at),
                "closed_at": _iso(e.closed_at),
            }
            for e in escalations
        ],
        "agreements": [
            {
                "id": a.id,
                "status": a.status,
                "currency": a.currency,
                "total": _money(a.total, a.currency),
                "discount": _money(a.discount, a.currency),
                "frequency": a.frequency,
                "script_version": a.script_version,
                "created_at": _iso(a.created_at),
                "instalments": [
                    {
                        "seq": i.seq,
                        "due_date": i.due_date.isoformat(),
                        "amount": _money(i.amount, a.currency),
                        "status": i.status,
                        "paid": _money(i.paid, a.currency),
                        "closed": i.closed_at is not None,
                    }
                    for i in a.instalments
                ],
            }
            for a in agreements
        ],
        "recent_audit": [
            {
                "at": _iso(e.created_at),
                "actor": e.actor,
                "action": e.action,
                "rule": e.details.get("rule"),
                "decision": e.details.get("decision"),
                "reason": e.details.get("reason"),
            }
            for e in audit
        ],
        # Email and SMS: consent, opt-out and whether the address still works.
        "channels": channels,
        # Hardship and vulnerability the debtor told us about (kind, when, where).
        "circumstances": [
            {"kind": c.kind, "said_at": _iso(c.said_at), "channel": c.channel}
            for c in circumstances.of_account(session, account.id)
        ],
    }


def render_text(doc: dict[str, Any]) -> str:
    """The overview as readable lines for a terminal."""
    p, b, v = doc["personal"], doc["balance"], doc["verification"]
    lines = [
        f"account {doc['account_ref']}: {doc['status']}"
        + (" (legal hold)" if doc["legal_hold"] else ""),
        f"  profile {doc['compliance_profile']}, locale {doc['locale']}, "
        f"timezone {doc['timezone']}",
        f"  name {p['full_name']}, phone {p['phone']}, email {p['email']}",
        f"  owes {b['total']} {b['currency']} (principal {b['principal']}, interest "
        f"{b['interest']}, fees {b['fees']}), due {b['due_date']}; paid {b['paid']}, "
        f"credit {b['credit']}",
        "opt-outs:" + ("" if doc["opt_outs"] else " none"),
    ]
    for o in doc["opt_outs"]:
        state = "active" if o["active"] else f"revoked {o['revoked_at']}"
        lines.append(f"  {o['channel']} at {o['at']} ({o['source']}, {state})")
    lines.append("channels:" + ("" if doc.get("channels") else " none"))
    for c in doc.get("channels", []):
        state = (
            "usable"
            if c["usable"]
            else f"UNUSABLE since {c['unusable_at']}: {c['unusable_reason']}"
        )
        optout = ", opted out" if c["opted_out"] else ""
        lines.append(f"  {c['channel']}: {state}, consent {c['consent']}{optout}")
    lines.append("circumstances:" + ("" if doc.get("circumstances") else " none"))
    for c in doc.get("circumstances", []):
        lines.append(f"  {c['kind']}, said {c['said_at']} on {c['channel']}")
    lock = "LOCKED" if v["locked"] else "not locked"
    lines.append(f"verification: {lock}, {v['recent_failures']} failed attempts in 24 hours")
    for i in v["identities"]:
        flags = [f for f in ("expired", "unreachable") if i[f]]
        lines.append(
            f"  {i['platform']} bound {i['bound_at']}, expires {i['expires_at']}"
            + (f" ({', '.join(flags)})" if flags else "")
        )
    lines.append("escalations:" + ("" if doc["escalations"] else " none"))
    for e in doc["escalations"]:
        lines.append(f"  {e['reason']} ({e['priority']}) {e['status']}, since {e['created_at']}")
    lines.append("agreements:" + ("" if doc["agreements"] else " none"))
    for a in doc["agreements"]:
        lines.append(
            f"  #{a['id']} {a['status']}: {a['total']} {a['currency']}, "
            f"{len(a['instalments'])} instalments, {a['created_at']}"
        )
        for i in a["instalments"]:
            closed = ", closed" if i["closed"] else ""
            lines.append(
                f"    {i['seq']}. {i['due_date']} {i['amount']} ({i['status']}, paid {i['paid']}"
                f"{closed})"
            )
    lines.append("recent audit:" + ("" if doc["recent_audit"] else " none"))
    for e in doc["recent_audit"]:
        what = f" {e['decision']} by {e['rule']}" if e["rule"] else ""
        lines.append(f"  {e['at']} {e['action']}{what} ({e['actor']})")
    return "\n".join(lines)
