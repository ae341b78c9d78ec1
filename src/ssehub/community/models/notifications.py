from django.conf import settings
from django.db import models

from ssehub.community.enums import NotificationKind


class Notification(models.Model):
    """One thing a member should know about. The text is built when shown, in the reader's language."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=NotificationKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")
    topic = models.ForeignKey("community.Topic", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    post = models.ForeignKey("community.Post", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    # Facts for the text (never personal data of others beyond what the reader may see).
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="community_notif_unread")]

    def __str__(self) -> str:
        return f"{self.kind}->{self.user_id}"
