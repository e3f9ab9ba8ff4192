"""How field values are written into the change log and the audit log (JSON text)."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    raise TypeError(f"cannot encode {type(value).__name__}")


def encode_value(value: Any) -> str:
    """JSON text of a column value; Arabic kept readable (no \\u escapes)."""
    return json.dumps(value, default=_default, ensure_ascii=False, sort_keys=True)


def decode_value(text: str | None) -> Any:
    return None if text is None else json.loads(text)
