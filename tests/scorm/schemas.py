"""Validating manifests against the official SCORM XSDs, offline, with lxml.

The XSDs are test data outside the repository: ``../shared/scorm-schemas/`` beside the repo, or
the folder named by ``$PLX_SCORM_SCHEMAS``. Tests that need them skip, saying why, without them.
One wrapper schema imports every namespace a manifest uses, the W3C ``xml:`` namespace FIRST and
from the local copy, so libxml2 never tries to fetch it (see the folder's README).
"""
from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pytest
from lxml import etree

REPO = Path(__file__).resolve().parents[2]
ENV = "PLX_SCORM_SCHEMAS"


def schema_root() -> Path:
    return Path(os.environ.get(ENV) or REPO.parent / "shared" / "scorm-schemas")


IMPORTS = {
    "1.2": [("http://www.w3.org/XML/1998/namespace", "scorm12/ims_xml.xsd"),
            ("http://www.imsproject.org/xsd/imscp_rootv1p1p2", "scorm12/imscp_rootv1p1p2.xsd"),
            ("http://www.adlnet.org/xsd/adlcp_rootv1p2", "scorm12/adlcp_rootv1p2.xsd")],
    "2004": [("http://www.w3.org/XML/1998/namespace", "scorm2004-4th/xml.xsd"),
             ("http://www.imsglobal.org/xsd/imscp_v1p1", "scorm2004-4th/imscp_v1p1.xsd"),
             ("http://www.adlnet.org/xsd/adlcp_v1p3", "scorm2004-4th/adlcp_v1p3.xsd"),
             ("http://www.adlnet.org/xsd/adlseq_v1p3", "scorm2004-4th/adlseq_v1p3.xsd"),
             ("http://www.adlnet.org/xsd/adlnav_v1p3", "scorm2004-4th/adlnav_v1p3.xsd"),
             ("http://www.imsglobal.org/xsd/imsss", "scorm2004-4th/imsss_v1p0.xsd"),
             ("http://ltsc.ieee.org/xsd/LOM", "scorm2004-4th/lom.xsd")],
}


@cache
def _schema(standard: str, root: Path) -> etree.XMLSchema:
    imports = "".join(f'<xs:import namespace="{ns}" schemaLocation="{(root / path).as_uri()}"/>'
                      for ns, path in IMPORTS[standard])
    wrapper = f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{imports}</xs:schema>'
    parser = etree.XMLParser(no_network=True)
    return etree.XMLSchema(etree.fromstring(wrapper.encode(), parser, base_url=(root / "wrapper.xsd").as_uri()))


def manifest_schema(standard: str) -> etree.XMLSchema:
    """The compiled schema for *standard*, or a skip when the XSDs are not available."""
    root = schema_root()
    if not (root / "scorm12").is_dir() or not (root / "scorm2004-4th").is_dir():
        pytest.skip(f"SCORM XSDs not found at {root}: set ${ENV} to the scorm-schemas folder")
    return _schema(standard, root)


def schema_errors(xml: bytes, standard: str) -> list[str]:
    """Every schema violation in the manifest *xml* (empty when valid)."""
    schema = manifest_schema(standard)
    document = etree.fromstring(xml, etree.XMLParser(no_network=True))
    if schema.validate(document):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]
