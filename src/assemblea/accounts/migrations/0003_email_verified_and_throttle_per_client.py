from django.db import migrations, models


def forget_failures(apps, schema_editor):
    # Counts per username only: they are short-lived and cannot be split by client address.
    apps.get_model("accounts", "LoginThrottle").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_loginthrottle"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="email_verified_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="e-mail address confirmed at"
            ),
        ),
        migrations.RunPython(forget_failures, migrations.RunPython.noop),
        migrations.RemoveField(model_name="loginthrottle", name="username"),
        migrations.AddField(
            model_name="loginthrottle",
            name="account",
            field=models.CharField(blank=True, max_length=190),
        ),
        migrations.AddField(
            model_name="loginthrottle",
            name="client",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.AddConstraint(
            model_name="loginthrottle",
            constraint=models.UniqueConstraint(
                fields=("account", "client"), name="one_throttle_per_pair"
            ),
        ),
    ]
