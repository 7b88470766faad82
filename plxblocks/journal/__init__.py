"""``plxblocks.journal``: the Django app that stores reflection-journal entries.

One row per learner, course and block (a unique constraint), so a learner's whole journal, across
blocks and courses, is one query. Blocks import it lazily (``plxblocks.journal.store``), so a
runtime without the app still loads them. Registered in Open edX through the ``lms.djangoapp`` /
``cms.djangoapp`` plugin entry points (``apps.JournalConfig.plugin_app``).
"""
