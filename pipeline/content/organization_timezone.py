"""The organisation's time zone, read without loading the content model.

The no-op build decides "today" before pydantic loads; it reads ``timezone`` with the same
YAML reader (``safe_yaml``) and the same default as the full loader
(``Organization.timezone``), so the two can never disagree about which day it is. Any
doubt returns None and the full loader takes over.
"""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from pipeline.content.safe_yaml import load

DEFAULT_TIMEZONE = "UTC"


def organization_timezone(path: Path) -> str | None:
    """The IANA name in organization.yaml (UTC when absent), or None when in doubt."""
    try:
        text = path.read_text(encoding="utf-8")
        if "*" in text or "&" in text:
            return None  # aliases and anchors: let the full loader judge them
        # The content reader itself: bounded nesting (libyaml's recursive composer
        # crashes the process on 100,000 nested brackets), no anchors, dates as text.
        _node, data = load(text)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    zone = data.get("timezone", DEFAULT_TIMEZONE)
    if not isinstance(zone, str):
        return None
    try:
        ZoneInfo(zone)
    except (ValueError, KeyError, OSError):
        return None
    return zone
