"""Logging helpers: personal ID numbers never reach a log in full."""

from __future__ import annotations

import logging
import re

# 12-digit citizen IDs (CCCD) and 9-digit old ID card numbers.
_PERSONAL_ID = re.compile(r"(?<!\d)(\d{3})\d{3,6}(\d{3})(?!\d)")


def mask_personal_ids(text: str) -> str:
    """Keep the first and last three digits of ID-like numbers: 001203004567 → 001******567."""
    return _PERSONAL_ID.sub(lambda m: m.group(1) + "*" * (len(m.group(0)) - 6) + m.group(2), text)


class MaskPersonalIdsFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_personal_ids(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
