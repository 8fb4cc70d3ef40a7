"""Secret ballots hold no sequential id and "has voted" holds no time.

Ballots get random ids (existing rows are re-keyed, visited in a random order so that even
the order of the rewrite says nothing); a voter's `voted_at` time becomes a `voted` flag;
polls keep the hash of their closing event as an anchor of the event chain."""

from django.db import migrations, models

import assemblea.decisions.models


def rekey_ballots(apps, schema_editor):
    Ballot = apps.get_model("decisions", "Ballot")
    taken: set[int] = set()
    for old in list(Ballot.objects.order_by("?").values_list("pk", flat=True)):
        new = assemblea.decisions.models.random_ballot_id()
        while new in taken or Ballot.objects.filter(pk=new).exists():
            new = assemblea.decisions.models.random_ballot_id()
        taken.add(new)
        Ballot.objects.filter(pk=old).update(id=new)


def flag_voters(apps, schema_editor):
    PollVoter = apps.get_model("decisions", "PollVoter")
    PollVoter.objects.filter(voted_at__isnull=False).update(voted=True)


def time_voters(apps, schema_editor):
    """Backwards: the times are gone; voters who voted get the poll's opening time."""
    PollVoter = apps.get_model("decisions", "PollVoter")
    for voter in PollVoter.objects.filter(voted=True).select_related("poll"):
        PollVoter.objects.filter(pk=voter.pk).update(voted_at=voter.poll.opened_at)


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="ballot",
            name="id",
            field=models.BigIntegerField(
                default=assemblea.decisions.models.random_ballot_id,
                editable=False,
                primary_key=True,
                serialize=False,
            ),
        ),
        migrations.RunPython(rekey_ballots, migrations.RunPython.noop),
        migrations.AlterModelOptions(name="ballot", options={"ordering": ["id"]}),
        migrations.AddField(
            model_name="pollvoter",
            name="voted",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(flag_voters, time_voters),
        migrations.RemoveField(model_name="pollvoter", name="voted_at"),
        migrations.AddField(
            model_name="poll",
            name="record_hash",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
    ]
