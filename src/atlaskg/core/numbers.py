"""How a number is shown to people. Sources that keep prices as binary floats write noise
(0.30000000000000004, and 0.39999999999999997 for 0.4): the data keep what the source wrote, and
every answer and page shows the number at 15 significant digits, which any double holds exactly
and no source's decimal needs more of."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

SIGNIFICANT = 15


def meaningful(text: str) -> str:
    """'0.39999999999999997' -> '0.4'; a whole number, a number of 15 significant digits or fewer
    ('2.00', '0.125') and anything that is not a number, as written."""
    try:
        value = Decimal(text)
    except InvalidOperation:
        return text
    if not value.is_finite() or value == value.to_integral_value() or len(value.as_tuple().digits) <= SIGNIFICANT:
        return text
    return format(round(value, SIGNIFICANT - value.adjusted() - 1).normalize(), "f")
