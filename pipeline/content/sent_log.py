"""content/sent.jsonl: every message ``pressroom send`` delivered, one JSON line each.

It lives in content/, not output/, because it is a record of what happened outside this
machine: deleting output/ must never make an outlet receive a release twice. Each line is
appended, flushed and synced to disk before the next message goes, so a run killed
between two messages has recorded every message that left.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pipeline.errors import ContentError

SENT_LOG = "sent.jsonl"


@dataclass(frozen=True)
class SentRecord:
    """One message delivered to one outlet for one edition of a release."""

    time: str  # UTC, ISO 8601
    release: str
    edition: str  # the edition's date, YYYY-MM-DD
    outlet: str
    to: tuple[str, ...]
    languages: tuple[str, ...]
    message_id: str
    attachments: dict[str, str] = field(default_factory=dict)  # file name -> sha256
    attach: str = "pdf"  # "pdf": the files were attached; "link": linked
    correction: bool = False

    def to_json(self) -> str:
        data = asdict(self)
        data["to"], data["languages"] = list(self.to), list(self.languages)
        return json.dumps(data, ensure_ascii=False, sort_keys=True)


def sent_log_path(content: Path) -> Path:
    return content / SENT_LOG


def read_sent(content: Path) -> list[SentRecord]:
    """Every record, oldest first; a damaged line is a located error, never skipped."""
    path = sent_log_path(content)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError(path, 1, "", f"cannot read the sent log: {exc}") from None
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            records.append(
                SentRecord(
                    time=str(data["time"]),
                    release=str(data["release"]),
                    edition=str(data["edition"]),
                    outlet=str(data["outlet"]),
                    to=tuple(map(str, data["to"])),
                    languages=tuple(map(str, data["languages"])),
                    message_id=str(data["message_id"]),
                    attachments={str(k): str(v) for k, v in data.get("attachments", {}).items()},
                    attach=str(data.get("attach", "pdf")),
                    correction=bool(data.get("correction", False)),
                )
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            message = f"not a sent record ({type(exc).__name__}: {exc}); fix or remove the line"
            raise ContentError(path, number, "", message) from None
    return records


def append_sent(content: Path, record: SentRecord) -> None:
    """Append one record and make it durable before returning (call under the run lock)."""
    path = sent_log_path(content)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(record.to_json() + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def last_sent(records: list[SentRecord], release: str, edition: str) -> dict[str, SentRecord]:
    """The latest record per outlet for one edition of one release."""
    latest: dict[str, SentRecord] = {}
    for record in records:
        if record.release == release and record.edition == edition:
            latest[record.outlet] = record
    return latest
