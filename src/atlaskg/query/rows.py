"""SELECT answers for Python users: a list of dicts of Python values that also converts cleanly
to JSON text and to a pandas DataFrame (numbers as numbers, dates as dates)."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from atlaskg.core.errors import AtlasError


class Rows(list):
    """The rows of a SELECT, each a dict of Python values (int, Decimal, date, str; IRIs as str),
    an unbound variable left out; `variables` keeps the projection's order."""

    def __init__(self, variables: list[str], records: list[dict[str, Any]]):
        super().__init__(records)
        self.variables = list(variables)

    def __repr__(self) -> str:
        """A list's repr when short; past ten rows a summary, so a notebook cell stays readable."""
        if len(self) <= 10:
            return super().__repr__()
        return f"<Rows: {len(self)} rows of {', '.join(self.variables)}; first {dict(self[0])!r}>"

    def to_json(self, **dumps_options) -> str:
        """JSON text: decimals as numbers, dates as ISO 8601 strings."""
        return json.dumps(list(self), default=_jsonable, ensure_ascii=False, **dumps_options)

    def to_dataframe(self):
        """A pandas DataFrame, one column per variable: numeric columns numeric, date columns
        datetime64 (pandas is needed: pip install pandas)."""
        try:
            import pandas
        except ImportError:
            raise AtlasError("to_dataframe() needs pandas (pip install pandas)") from None
        frame = pandas.DataFrame.from_records(list(self), columns=self.variables)
        for column in frame.columns:
            values = [v for v in frame[column] if v is not None and v == v]
            if values and all(isinstance(v, (int, float, Decimal)) and not isinstance(v, bool) for v in values):
                frame[column] = pandas.to_numeric(frame[column].map(_number), errors="raise")
            elif values and all(isinstance(v, (date, datetime)) for v in values):
                frame[column] = pandas.to_datetime(frame[column])
        return frame


def _number(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _jsonable(value):
    if isinstance(value, Decimal):
        return _number(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")
