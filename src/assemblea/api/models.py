"""The public API keeps one thing: request counts per client and minute, for rate limits
that hold across every app process sharing the database."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RateWindow(models.Model):
    """Requests from one client (an IP address) in the fixed window starting at `started_at`."""

    client = models.CharField(_("client"), max_length=64)
    started_at = models.DateTimeField(_("window start"), db_index=True)
    count = models.PositiveIntegerField(_("requests"), default=0)

    class Meta:
        verbose_name = _("API rate window")
        verbose_name_plural = _("API rate windows")
        constraints = [
            models.UniqueConstraint(
                fields=["client", "started_at"], name="api_ratewindow_client_window"
            )
        ]

    def __str__(self) -> str:
        return f"{self.client} @ {self.started_at:%Y-%m-%d %H:%M}: {self.count}"
