from django.db import migrations, models


class Migration(migrations.Migration):
    """The module's title, and the titles and prompt in every language of the block, so that an
    export is in the learner's language with unit and module titles (issue 14.6). Entries saved
    before keep what they have: the export falls back to the language they were written in."""

    dependencies = [("plx_journal", "0002_journalentry_revision")]  # noqa: RUF012

    operations = [  # noqa: RUF012
        migrations.AddField(
            model_name="journalentry", name="module_title",
            field=models.CharField(blank=True, default="", help_text="The module's title.", max_length=255),
        ),
        migrations.AddField(
            model_name="journalentry", name="texts",
            field=models.JSONField(blank=True, default=dict, help_text=(
                'The course, module and unit titles and the prompt in each language of the block: '
                '{"en": {"course", "module", "unit", "prompt"}, "cy": {...}}.')),
        ),
    ]
