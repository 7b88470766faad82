"""WSGI entry point for gunicorn: ``gunicorn plxblocks.lti.wsgi`` (see docs/lti.md)."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plxblocks.lti.settings")
application = get_wsgi_application()
