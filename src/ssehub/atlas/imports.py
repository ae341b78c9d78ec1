"""Import jobs: an uploaded file is previewed, then written, in the background (`atlas.tasks`), so
a 100,000-row file never holds a web request; the page and `atlas_import` show its progress.

A job is two files in MEDIA_ROOT/atlas-imports/: the upload (<token>.csv or .xlsx) and its state
(<token>.json: who, which step, progress, the report). Files rather than rows: the write runs in one
transaction, and its progress must be readable while that transaction is still open. The upload
is removed when the import ends (written, failed or refused); anything older than a day is removed
by `jobs_cleanup` (run at every upload and by `manage.py atlas_import_cleanup`).
"""

import datetime as dt
import json
import os
import re
import time
import uuid
import zoneinfo
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ssehub.accounts.models import User
from ssehub.atlas.exchange import import_file
from ssehub.core.errors import ServiceError

MAX_AGE = dt.timedelta(days=1)
_TOKEN = re.compile(r"^[0-9a-f]{32}$")
QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
PREVIEW, WRITE = "preview", "write"


def folder() -> Path:
    return Path(settings.MEDIA_ROOT) / "atlas-imports"


def _state_path(token: str) -> Path:
    return folder() / f"{token}.json"


def _upload_path(token: str, suffix: str) -> Path:
    return folder() / f"{token}.{suffix}"


# A running job saves its progress at least every few seconds; silent this long, its process died
# (a restart, a killed worker). Its transaction was rolled back with it: nothing was written.
STALLED_AFTER = dt.timedelta(minutes=10)


def job_state(token: str) -> dict[str, Any] | None:
    if not _TOKEN.match(token or ""):
        return None
    path = _state_path(token)
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
        stalled = (state["state"] == RUNNING
                   and time.time() - path.stat().st_mtime > STALLED_AFTER.total_seconds())
    except (OSError, ValueError, KeyError):
        return None
    if stalled:
        state.update(state=FAILED, error=_("The import stopped before it ended (the server was restarted). "
                                           "Nothing was written: upload the file again."))
    return state


def _save_state(token: str, state: dict[str, Any]) -> None:
    # Written aside and renamed: a page polling the state never reads half a file.
    path = _state_path(token)
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, path)


def job_start(*, name: str, raw: bytes, user: User | None, language: str, time_zone: str = "UTC") -> str:
    """Keep the upload and queue nothing yet (the caller enqueues `run_import`); returns the token."""
    jobs_cleanup()
    folder().mkdir(parents=True, exist_ok=True)
    token = uuid.uuid4().hex
    suffix = "xlsx" if name.lower().endswith(".xlsx") else "csv" if name.lower().endswith(".csv") else "bin"
    _upload_path(token, suffix).write_bytes(raw)
    _save_state(token, {
        "user": user.pk if user else None, "name": name, "suffix": suffix, "language": language,
        # The worker writes the report's messages as the editor reads them: their language and zone.
        "time_zone": time_zone,
        "step": PREVIEW, "state": QUEUED, "done": 0, "total": 0, "report": None, "error": "",
        "agency_choices": {}, "started": time.time(),
    })
    return token


def job_confirm(*, token: str, agency_choices: dict[str, str]) -> bool:
    """Turn a valid preview into a queued write; False when the job is not a finished, valid preview."""
    state = job_state(token)
    if (state is None or state["step"] != PREVIEW or state["state"] != DONE or state["report"]["problems"]
            or not _upload_path(token, state["suffix"]).exists()):
        return False
    state.update(step=WRITE, state=QUEUED, done=0, agency_choices=agency_choices, report=None)
    _save_state(token, state)
    return True


def _previewed(state: dict[str, Any]) -> dict[int, tuple[int, int]] | None:
    """What the preview matched, which the confirmed write is held to; None for the preview itself."""
    if state["step"] != WRITE or "matched" not in state:  # a job queued before previews kept this
        return None
    return {int(row): (found[0], found[1]) for row, found in state.get("matched", {}).items()}


def run_import(token: str, *, on_progress=None) -> dict[str, Any] | None:
    """Run the job's current step (the task's body; the command calls it too)."""
    state = job_state(token)
    if state is None or state["state"] != QUEUED:
        return state
    upload = _upload_path(token, state["suffix"])
    state.update(state=RUNNING)
    _save_state(token, state)
    last_saved = [0.0]

    def progress(done: int, total: int) -> None:
        state.update(done=done, total=total)
        if on_progress is not None:
            on_progress(state)
        if time.monotonic() - last_saved[0] > 0.5:  # at most two writes a second
            last_saved[0] = time.monotonic()
            _save_state(token, state)

    actor = User.objects.filter(pk=state["user"]).first() if state["user"] else None
    with translation.override(state["language"]), timezone.override(zoneinfo.ZoneInfo(state.get("time_zone", "UTC"))):
        try:
            report = import_file(name=state["name"], raw=upload.read_bytes(), actor=actor,
                                 dry_run=state["step"] == PREVIEW, agency_choices=state["agency_choices"],
                                 progress=progress, expected=_previewed(state))
        except ServiceError as error:
            state.update(state=FAILED, error=error.message, code=error.code)
        except OSError:
            state.update(state=FAILED, error=_("The uploaded file is gone. Upload it again."))
        else:
            state.update(state=DONE, report=report.summary(), done=state["total"] or state["done"])
            if state["step"] == PREVIEW:
                state["matched"] = {str(row): list(found) for row, found in report.matched.items()}
    if state["step"] == WRITE or state["state"] == FAILED or state["report"]["problems"]:
        upload.unlink(missing_ok=True)  # the import ended: its copy goes
    state["finished"] = time.time()
    _save_state(token, state)
    return state


def jobs_cleanup(*, max_age: dt.timedelta = MAX_AGE) -> int:
    """Remove uploads and states older than `max_age`; returns how many files went."""
    removed = 0
    limit = time.time() - max_age.total_seconds()
    if not folder().is_dir():
        return 0
    for path in folder().iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < limit:
                path.unlink()
                removed += 1
        except OSError:
            continue
    return removed
