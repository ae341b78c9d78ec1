import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django_tasks_db.models import DBTaskResult

from ssehub.core.tasks import deliver_email
from ssehub.core.timezones import zone_label

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True,
        check=False,
    )


def test_production_refuses_to_start_without_secret_key():
    result = _manage("check", DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_deploy_check_is_clean_under_production_settings():
    result = _manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DEBUG="false", SECRET_KEY="x" * 64 + "production-grade-random-value", ALLOWED_HOSTS="hub.example.org",
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
def test_mail_is_queued_not_sent_inside_the_request(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    EmailMessage("Invitation", "Body", "hub@example.org", ["ana@example.org"]).send()
    assert mail.outbox == []
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "ssehub.core.tasks.deliver_email"
    deliver_email.call(*queued.args_kwargs["args"], **queued.args_kwargs["kwargs"])
    assert [(m.subject, m.to) for m in mail.outbox] == [("Invitation", ["ana@example.org"])]


@pytest.mark.django_db
def test_queued_mail_keeps_html_and_attachments():
    message = mail.EmailMultiAlternatives("통지", "본문", "hub@example.org", ["a@example.org"])
    message.attach_alternative("<p>본문</p>", "text/html")
    message.attach("plan.pdf", b"%PDF-1.7 bytes", "application/pdf")
    message.send()
    delivered = mail.outbox[0]
    assert delivered.subject == "통지"
    assert delivered.alternatives[0].content == "<p>본문</p>"
    assert delivered.attachments[0].content == b"%PDF-1.7 bytes"


@pytest.mark.parametrize(
    ("zone", "language", "expected"),
    [("Asia/Manila", "en", "Philippine Standard Time"), ("Asia/Seoul", "ko", "대한민국 표준시")],
)
def test_zone_label_names_zones_in_words(zone, language, expected):
    assert expected in zone_label(zone, language_code=language)
