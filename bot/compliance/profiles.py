"""Jurisdiction profiles: contact window, contact caps and record retention.

A profile is chosen by ``[compliance] profile`` and can be overridden per
account (``accounts.compliance_profile``). The contact window is in the
debtor's local time (the account's timezone).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.config import ComplianceSettings, ConfigError
from bot.store.models import Account

PROFILE_NAMES = ("us_reg_f", "cn", "custom")


@dataclass(frozen=True)
class Profile:
    """The rules of one jurisdiction.

    Attributes:
        name: ``us_reg_f``, ``cn`` or ``custom``.
        window_start: Earliest local time a started message may be delivered.
        window_end: Latest local time (inclusive, to the second).
        max_initiated: At most this many started messages per debtor and channel...
        cap_days: ...within this many days.
        cap_across_channels: the cap counts the account's started messages on every
            channel together (Reg F counts per debt), not per channel.
        retention_years: Records are kept this many years after the last activity.
        default_timezone: The debtor's timezone when the account names none.
    """

    name: str
    window_start: time
    window_end: time
    max_initiated: int
    cap_days: int
    retention_years: int
    default_timezone: str
    cap_across_channels: bool = False

    def zone(self, timezone: str | None) -> ZoneInfo:
        """The debtor's zone, falling back to the profile's default for unknown names."""
        for name in (timezone, self.default_timezone, "UTC"):
            if name:
                try:
                    return ZoneInfo(name)
                except (ZoneInfoNotFoundError, ValueError):
                    continue
        return ZoneInfo("UTC")  # pragma: no cover - UTC always exists

    def in_window(self, now: datetime, timezone: str | None) -> bool:
        """True if ``now`` is inside the contact window in the debtor's local time."""
        local = now.astimezone(self.zone(timezone)).time().replace(tzinfo=None)
        return self.window_start <= local <= self.window_end

    def window_opens(self, now: datetime, timezone: str | None) -> datetime:
        """The next moment (UTC) the window is open: ``now`` itself if it is open now."""
        if self.in_window(now, timezone):
            return now
        zone = self.zone(timezone)
        local = now.astimezone(zone)
        day = local.date()
        if local.time().replace(tzinfo=None) > self.window_end:
            day += timedelta(days=1)
        return datetime.combine(day, self.window_start, tzinfo=zone).astimezone(now.tzinfo)

    def retention_until(self, last_activity: datetime) -> datetime:
        """When records whose last activity was ``last_activity`` may be purged."""
        return add_years(last_activity, self.retention_years)


def add_years(moment: datetime, years: int) -> datetime:
    """``moment`` plus calendar years (29 February becomes 28 February)."""
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:
        return moment.replace(year=moment.year + years, day=28)


def _hhmm(text: str) -> time:
    hours, minutes = text.strip().split(":")
    return time(int(hours), int(minutes))


def profile_named(name: str, settings: ComplianceSettings) -> Profile:
    """Build the profile ``name``; unknown names get the configured profile.

    Args:
        name: ``us_reg_f``, ``cn`` or ``custom``.
        settings: Supplies the ``custom_*`` values.
    """
    if name == "us_reg_f":
        # 12 CFR 1006.6(b)(1)(i): before 8 a.m. or after 9 p.m. is inconvenient.
        return Profile("us_reg_f", time(8), time(21), 7, 7, 3, "America/New_York", True)
    if name == "cn":
        return Profile("cn", time(8), time(22), 7, 7, 5, "Asia/Shanghai")
    if name == "custom":
        start, end = (_hhmm(t) for t in settings.custom_window.split("-", 1))
        if start >= end:
            raise ConfigError(
                f"compliance.custom_window must end after it starts, got {settings.custom_window!r}"
            )
        return Profile(
            "custom",
            start,
            end,
            settings.custom_max_initiated,
            settings.custom_cap_days,
            settings.custom_retention_years,
            settings.custom_timezone,
            settings.custom_cap_across_channels,
        )
    return profile_named(settings.profile, settings)


def profile_for(account: Account | None, settings: ComplianceSettings) -> Profile:
    """The profile that governs ``account``: its override, else the configured one."""
    override = account.compliance_profile if account is not None else None
    if override in PROFILE_NAMES:
        assert override is not None
        return profile_named(override, settings)
    return profile_named(settings.profile, settings)
