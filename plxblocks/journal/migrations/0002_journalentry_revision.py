from django.db import migrations, models


class Migration(migrations.Migration):
    """A revision number per entry, so that a save from an older tab or a replayed request is
    refused with both texts instead of replacing a newer one (issue 11.2)."""

    dependencies = [("plx_journal", "0001_initial")]  # noqa: RUF012

    operations = [  # noqa: RUF012
        migrations.AddField(
            model_name="journalentry", name="revision",
            field=models.PositiveIntegerField(default=0, help_text="Saves so far: a save names the revision it edits."),
        ),
    ]
