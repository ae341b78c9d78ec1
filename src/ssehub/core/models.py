from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class ActionLogEntry(models.Model):
    """One thing a person (or the platform) did: who, what, to which record, in which scope, with
    what change. Written only as `ssehub.core.actionlog` makes it (`log_action`, or `action_entry` for
    a writer that inserts many at once); never edited or deleted."""

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("who"),
    )
    # True for what the platform did on its own (a scheduled expiry, a reminder run): no person.
    by_platform = models.BooleanField(default=False)
    verb = models.CharField(_("action"), max_length=100, db_index=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(_("record"), max_length=300, blank=True)
    # "app_label.model:pk" of the record whose log this entry belongs to as well (an event, an
    # instrument): organisers read an event's log without knowing every kind of record in it.
    scope = models.CharField(max_length=100, blank=True, db_index=True)
    data = models.JSONField(_("change"), default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = _("action log entry")
        verbose_name_plural = _("action log")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "-created_at"], name="actionlog_object"),
            models.Index(fields=["scope", "-created_at"], name="actionlog_scope"),
            models.Index(fields=["actor", "-created_at"], name="actionlog_actor"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.verb} {self.object_repr}"

    def save(self, *args, **kwargs):
        # The log is evidence: an entry is written once and never changed (no business rule here,
        # only the guarantee that no code path can rewrite history).
        if self.pk is not None:
            raise ValueError("Action log entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Action log entries cannot be deleted.")

    def actor_name(self) -> str:
        if self.actor is None:
            return str(_("the platform") if self.by_platform else _("a deleted account"))
        profile = getattr(self.actor, "profile", None)
        return (getattr(profile, "full_name", "") or self.actor.email) if profile else self.actor.email


class OutgoingMailStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    SENDING = "sending", _("being sent")
    SENT = "sent", _("sent")
    RETRYING = "retrying", _("waiting to retry")
    FAILED = "failed", _("failed")


class OutgoingMail(models.Model):
    """One message on its way out (ADR 0009): written in the transaction of the page that sends it,
    so nothing is sent for a rolled-back write and nothing is lost when the mail server is down.
    Written only by `ssehub.core.outbox`."""

    created_at = models.DateTimeField(_("queued at"), auto_now_add=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=OutgoingMailStatus.choices, default=OutgoingMailStatus.QUEUED,
    )
    # Subject and recipients are copied out of the payload so that admins can find a message
    # without reading its body (which may hold a password-reset link or a log-in code).
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    recipients = models.TextField(_("recipients"), blank=True)
    payload = models.JSONField(encoder=DjangoJSONEncoder)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    # When a worker took the message for sending; a claim far older than any SMTP timeout means
    # that worker died, and the sweep hands the message back.
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mail")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outgoingmail_due")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.subject}"[:300]
