"""The tool's signing keys: made, rotated and published as a JWKS.

The newest active key signs (deep-linking responses, AGS/NRPS token requests). A rotation adds a
new key and keeps the old ones in the JWKS until they are retired, because platforms cache a
tool's key set (Moodle per request, others for hours); ``retire`` then drops keys older than the
newest. Keys are rows, so every worker on every host signs with the same key.
"""
from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from jwcrypto.jwk import JWK
from pylti1p3.registration import Registration as PyLtiRegistration

from .models import ToolKey


def create_key() -> ToolKey:
    """A new 2048-bit RSA key pair, active and newest (so it signs from now on)."""
    jwk = JWK.generate(kty="RSA", size=2048)
    public = jwk.export_to_pem().decode("ascii")
    private = jwk.export_to_pem(private_key=True, password=None).decode("ascii")
    kid = PyLtiRegistration.get_jwk(public)["kid"]
    return ToolKey.objects.create(kid=kid, private_pem=private, public_pem=public, created=timezone.now())


def signing_key() -> ToolKey:
    """The key that signs now (made on first use, so a fresh install needs no key step)."""
    key = ToolKey.objects.filter(active=True).order_by("-created", "-id").first()
    if key is not None:
        return key
    with transaction.atomic():
        key = ToolKey.objects.select_for_update().filter(active=True).order_by("-created", "-id").first()
        return key or create_key()


def rotate() -> ToolKey:
    """Add a new signing key; the previous ones stay in the JWKS until :func:`retire`."""
    return create_key()


def retire() -> int:
    """Drop every active key but the newest from the JWKS. Returns how many were retired."""
    newest = signing_key()
    return ToolKey.objects.filter(active=True).exclude(pk=newest.pk).update(active=False, retired=timezone.now())


def jwks() -> dict:
    """The public key set platforms verify the tool's signatures with."""
    signing_key()
    keys = ToolKey.objects.filter(active=True).order_by("-created", "-id")
    return {"keys": [PyLtiRegistration.get_jwk(k.public_pem) for k in keys]}
