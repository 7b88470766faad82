"""Addresses of the LTI tool (docs/lti.md lists what to register in a platform)."""
from django.urls import path

from . import deep_linking, launch, registration, staff, views

urlpatterns = [
    path("lti/login", launch.login, name="lti-login"),
    path("lti/launch", launch.launch, name="lti-launch"),
    path("lti/jwks", launch.jwks, name="lti-jwks"),
    path("lti/register", registration.dynamic_registration, name="lti-register"),
    path("lti/deep-link/<str:token>", deep_linking.respond, name="lti-deep-link"),
    path("lti/s/<str:token>/", views.home, name="lti-home"),
    path("lti/s/<str:token>/unit/<str:module_id>/<str:unit_id>/", views.unit, name="lti-unit"),
    path("lti/s/<str:token>/api/<str:uid>/<str:handler>", views.call, name="lti-call"),
    path("lti/s/<str:token>/journal/", views.journal, name="lti-journal"),
    path("lti/s/<str:token>/journal/export", views.journal_export, name="lti-journal-export"),
    path("lti/s/<str:token>/staff/<str:uid>/report", staff.report, name="lti-staff-report"),
    path("lti/media/<str:course_id>/media/<path:path>", views.media, name="lti-media"),
]
