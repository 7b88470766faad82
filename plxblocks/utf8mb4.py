"""MySQL/MariaDB: plx's tables and connections use ``utf8mb4``, so a 4-byte character (an emoji,
some CJK) is stored instead of failing with "Incorrect string value" (a 500 for the learner).

Two things have to be right, and neither is by default:

- **The tables.** Django creates a table in the database's default character set; on a database
  created as ``utf8``/``utf8mb3`` (older Open edX installs, a ``CREATE DATABASE`` without
  ``CHARACTER SET``), every text column of plx's tables would hold 3-byte characters only.
  :func:`convert_tables` runs after every ``migrate`` (``post_migrate``, connected by each plx app)
  and converts any plx table that is not ``utf8mb4`` yet, including tables later migrations add;
  on a database that is already ``utf8mb4`` it only reads ``information_schema``.
- **The connection.** Django's MySQL backend connects with ``charset=utf8`` (3 bytes) unless
  ``OPTIONS["charset"]`` says otherwise, and then a 4-byte character fails even in a ``utf8mb4``
  table. :func:`check_connections` is a system check: with any other character set on a database
  plx writes to, ``runserver``, ``migrate`` and every management command stop with ``plx.E001``.
"""
from __future__ import annotations

from django.core import checks
from django.db import connections, router

CHARSET = "utf8mb4"
COLLATION = "utf8mb4_unicode_ci"
PLX_APPS = ("plx_journal", "plx_peer", "plx_checks", "plx_lti")


def _plx_models():
    from django.apps import apps

    return [model for label in PLX_APPS if label in apps.app_configs
            for model in apps.get_app_config(label).get_models()]


def charset_errors(aliases: dict[str, dict]) -> list[checks.Error]:
    """``plx.E001`` for each MySQL database (alias -> settings dict) not connecting with utf8mb4."""
    errors = []
    for alias, settings in sorted(aliases.items()):
        if not settings.get("ENGINE", "").endswith("mysql"):
            continue
        charset = settings.get("OPTIONS", {}).get("charset", "utf8")
        if charset != CHARSET:
            errors.append(checks.Error(
                f"database {alias!r} connects with charset {charset!r}: plx stores learners' text, which may "
                f"contain 4-byte characters (emoji), and needs {CHARSET!r}",
                hint=f"set DATABASES[{alias!r}]['OPTIONS']['charset'] = {CHARSET!r} (see docs/operators.md, "
                     "\"MySQL and MariaDB: utf8mb4\")", id="plx.E001"))
    return errors


def check_connections(app_configs=None, **kwargs) -> list[checks.Error]:
    """System check: every database a plx model is written to connects with utf8mb4."""
    aliases = {router.db_for_write(model) for model in _plx_models()}
    return charset_errors({alias: connections[alias].settings_dict for alias in aliases})


def convert_tables(sender, using: str = "default", **kwargs) -> None:
    """``post_migrate`` of a plx app: convert its tables on *using* to utf8mb4 where they are not."""
    connection = connections[using]
    if connection.vendor != "mysql":
        return
    tables = [model._meta.db_table for model in sender.get_models()]
    if not tables:
        return
    with connection.cursor() as cursor:
        marks = ", ".join(["%s"] * len(tables))
        # A table whose default or any text column is in another character set.
        cursor.execute(
            f"SELECT DISTINCT t.TABLE_NAME FROM information_schema.TABLES t "
            f"LEFT JOIN information_schema.COLUMNS c ON c.TABLE_SCHEMA = t.TABLE_SCHEMA "
            f"AND c.TABLE_NAME = t.TABLE_NAME AND c.CHARACTER_SET_NAME IS NOT NULL AND c.CHARACTER_SET_NAME <> %s "
            f"WHERE t.TABLE_SCHEMA = DATABASE() AND t.TABLE_NAME IN ({marks}) "
            f"AND (t.TABLE_COLLATION NOT LIKE %s OR c.COLUMN_NAME IS NOT NULL)",
            [CHARSET, *tables, CHARSET + "\\_%"])
        for (table,) in sorted(cursor.fetchall()):
            cursor.execute(f"ALTER TABLE {connection.ops.quote_name(table)} "
                           f"CONVERT TO CHARACTER SET {CHARSET} COLLATE {COLLATION}")


def require_utf8mb4(app_config) -> None:
    """Called by each plx app's ``ready()``: the system check (not tagged ``database``: it reads only
    settings, so it runs with ``runserver`` too) and the conversion after ``migrate``."""
    from django.db.models.signals import post_migrate

    checks.register(check_connections)
    post_migrate.connect(convert_tables, sender=app_config, dispatch_uid=f"{app_config.label}-utf8mb4")
