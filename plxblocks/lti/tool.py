"""pylti1p3's view of the tenants: registrations and deployments read from the database.

pylti1p3 validates the id_token (state, signature against the platform's keys, iss, client id,
deployment, message claims); this class only tells it what is registered. Lookups keep the rows
they found, so the launch view knows the tenant without asking again.
"""
from __future__ import annotations

from pylti1p3.deployment import Deployment as PyLtiDeployment
from pylti1p3.registration import Registration as PyLtiRegistration
from pylti1p3.tool_config.abstract import ToolConfAbstract

from . import keys
from .models import Deployment, Registration


def pylti_registration(row: Registration) -> PyLtiRegistration:
    """A pylti1p3 registration for *row*, signing with the tool's current key."""
    key = keys.signing_key()
    registration = (PyLtiRegistration().set_issuer(row.issuer).set_client_id(row.client_id)
                    .set_auth_login_url(row.auth_login_url).set_auth_token_url(row.auth_token_url)
                    .set_key_set_url(row.key_set_url or None).set_key_set(row.key_set or None)
                    .set_tool_private_key(key.private_pem).set_tool_public_key(key.public_pem))
    if row.auth_audience:
        registration.set_auth_audience(row.auth_audience)
    return registration


class DatabaseToolConf(ToolConfAbstract):
    """Every active registration; a platform may register the tool several times (client ids)."""

    def __init__(self) -> None:
        super().__init__()
        self.registration: Registration | None = None
        self.deployment: Deployment | None = None

    def check_iss_has_one_client(self, iss: str) -> bool:
        return False

    def check_iss_has_many_clients(self, iss: str) -> bool:
        return True

    def find_registration_by_issuer(self, iss: str, *args, **kwargs):
        return self.find_registration_by_params(iss, None)

    def find_registration_by_params(self, iss: str, client_id, *args, **kwargs):
        rows = Registration.objects.filter(issuer=iss, active=True)
        if client_id:
            rows = rows.filter(client_id=client_id)
        found = list(rows[:2])
        if len(found) != 1:  # unknown, or a login without client_id on an issuer with several
            return None
        self.registration = found[0]
        return pylti_registration(self.registration)

    def find_deployment(self, iss: str, deployment_id: str):
        return self.find_deployment_by_params(iss, deployment_id, None)

    def find_deployment_by_params(self, iss: str, deployment_id: str, client_id, *args, **kwargs):
        rows = Deployment.objects.select_related("registration").filter(
            registration__issuer=iss, registration__active=True, deployment_id=deployment_id, active=True)
        if client_id:
            rows = rows.filter(registration__client_id=client_id)
        self.deployment = rows.first()
        return PyLtiDeployment().set_deployment_id(deployment_id) if self.deployment else None
