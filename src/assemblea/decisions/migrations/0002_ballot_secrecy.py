"""Secret ballots hold no sequential id and "has voted" holds no time.

Ballots get random ids (existing rows are written again under fresh ids, in the order of
those ids, so that neither the ids nor the rows' places in the table follow the order of
voting); a voter's `voted_at` time becomes a `voted` flag;
polls keep the hash of their closing event as an anchor of the event chain."""

import random

from django.db import migrations, models

import assemblea.decisions.models


def rekey_ballots(apps, schema_editor):
    """Every ballot written again under a fresh random id, in the order of those ids: the old
    rows' places in the table (and SQLite's hidden rowid, which a non-integer-typed primary
    key does not replace) followed the order of voting."""
    Ballot = apps.get_model("decisions", "Ballot")
    fields = ["poll_id", "category_id", "weight", "choice", "receipt", "voter_id"]
    rows = list(Ballot.objects.values(*fields))
    random.SystemRandom().shuffle(rows)  # read in the order of voting; paired at random
    ids: set[int] = set()
    while len(ids) < len(rows):
        ids.add(assemblea.decisions.models.random_ballot_id())
    Ballot.objects.all().delete()
    Ballot.objects.bulk_create(
        (Ballot(id=new, **row) for new, row in zip(sorted(ids), rows, strict=True)),
        batch_size=1000,
    )


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
