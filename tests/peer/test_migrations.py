"""The peer engine's migrations match its models (Open edX and the workbench migrate from them)."""


def test_migrations_match_the_models(workbench_django):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("makemigrations", "plx_peer", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()
