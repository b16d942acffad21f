"""Building localized checks and turning them into a 0-100 area score.

Score: every check has a weight, and a status earns points (good 1, improve
0.5, problem 0). The area score is the weighted share of points, times 100,
rounded. The weights are set where each check is made (see ``seo`` and
``readability``). Checks repeated once per keyword share one weight between
them, so the number of keywords does not change the balance of the score.
"""

from __future__ import annotations

from core.analysis.models import Check, Status
from core.i18n import t

STATUS_POINTS: dict[Status, float] = {"good": 1.0, "improve": 0.5, "problem": 0.0}


def area_score(checks: list[Check]) -> int:
    """Return the weighted score of ``checks`` from 0 to 100; no checks score 0."""
    total = sum(check.weight for check in checks)
    if total <= 0:
        return 0

    earned = sum(check.weight * STATUS_POINTS[check.status] for check in checks)
    return round(100 * earned / total)


def format_number(value: float) -> str:
    """Format a measured value with at most one decimal, without a trailing .0."""
    rounded = round(value, 1)
    if rounded == int(rounded):
        return str(int(rounded))
    return f"{rounded:.1f}"


class CheckBuilder:
    """Collects checks for one report and localizes their messages and thresholds."""

    def __init__(self, locale: str) -> None:
        self.locale = locale
        self.checks: list[Check] = []

    def add(
        self,
        check_id: str,
        status: Status,
        case: str,
        *,
        value: float | int | str | None = None,
        threshold: str = "",
        weight: float = 1.0,
        keyword: str | None = None,
        **params: object,
    ) -> Check:
        """Append a check whose message is ``analysis.<check_id>.<case>`` with ``params``."""
        if keyword is not None:
            params.setdefault("keyword", keyword)
        message = t(f"analysis.{check_id}.{case}", self.locale, **params)
        if isinstance(value, float):
            value = round(value, 1)

        check = Check(
            id=check_id,
            status=status,
            value=value,
            threshold=threshold,
            message=message,
            keyword=keyword,
            weight=round(weight, 3),
        )
        self.checks.append(check)
        return check

    def unit(self, unit: str) -> str:
        """Return the localized unit suffix, such as " words" or " 字"."""
        return t(f"analysis.unit.{unit}", self.locale)

    def at_least(self, value: float, unit: str) -> str:
        """Return a threshold "at least value"."""
        return t(
            "analysis.threshold.min", self.locale, value=format_number(value), unit=self.unit(unit)
        )

    def at_most(self, value: float, unit: str) -> str:
        """Return a threshold "at most value"."""
        return t(
            "analysis.threshold.max", self.locale, value=format_number(value), unit=self.unit(unit)
        )

    def between(self, low: float, high: float, unit: str) -> str:
        """Return a threshold "from low to high", both included."""
        return t(
            "analysis.threshold.range",
            self.locale,
            low=format_number(low),
            high=format_number(high),
            unit=self.unit(unit),
        )

    def above_up_to(self, low: float, high: float, unit: str) -> str:
        """Return a threshold "more than low and at most high"."""
        return t(
            "analysis.threshold.above_up_to",
            self.locale,
            low=format_number(low),
            high=format_number(high),
            unit=self.unit(unit),
        )

    def text(self, key: str, **params: object) -> str:
        """Return a localized fixed threshold text, ``analysis.threshold.<key>``."""
        return t(f"analysis.threshold.{key}", self.locale, **params)
