"""Links between assemblies (a parent and its local assemblies) and the items forwarded up."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from assemblea.assemblies.models import Assembly


class LinkStatus(models.TextChoices):
    REQUESTED = "requested", _("requested")
    ACCEPTED = "accepted", _("accepted")


class AssemblyLink(models.Model):
    """A child assembly's link to its parent: asked by the child, accepted by the parent."""

    child = models.OneToOneField(Assembly, on_delete=models.CASCADE, related_name="parent_link")
    parent = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="child_links")
    status = models.CharField(
        _("status"), max_length=10, choices=LinkStatus, default=LinkStatus.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.child_id} → {self.parent_id}"


class ForwardStatus(models.TextChoices):
    PENDING = "pending", _("awaiting a decision")
    ACCEPTED = "accepted", _("adopted into the agenda")
    DECLINED = "declined", _("declined")


class ForwardedItem(models.Model):
    """A resolution or recommendation forwarded from a child to its parent. `origins` keeps
    every hop of the chain, the first being where the item was adopted."""

    from_assembly = models.ForeignKey(
        Assembly, on_delete=models.CASCADE, related_name="forwarded_out"
    )
    to_assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="inbox")
    resolution = models.ForeignKey(
        "deliberation.Resolution", null=True, blank=True, on_delete=models.SET_NULL
    )
    recommendation = models.ForeignKey(
        "accountability.Recommendation", null=True, blank=True, on_delete=models.SET_NULL
    )
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_hops"
    )
    agenda_item = models.ForeignKey(
        "deliberation.AgendaItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forwarded_items",
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("original text"), max_length=20000)
    origins = models.JSONField(default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=ForwardStatus, default=ForwardStatus.PENDING
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    forwarded_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-forwarded_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class TemplateKind(models.TextChoices):
    MANDATE = "mandate", _("Mandate")
    QUOTA_SET = "quota_set", _("Quota set")
    AGENDA = "agenda", _("Agenda")
    QUESTIONNAIRE = "questionnaire", _("Questionnaire")


class LibraryTemplate(models.Model):
    """A reusable template that an organization publishes for others: text or JSON. A mandate
    template is JSON that can be copied into an assembly's mandate."""

    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.CASCADE,
        related_name="library_templates",
        verbose_name=_("publishing organization"),
    )
    kind = models.CharField(_("kind of template"), max_length=20, choices=TemplateKind)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=4000)
    body = models.TextField(_("template"), max_length=50000)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return self.title
