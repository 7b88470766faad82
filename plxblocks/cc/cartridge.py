"""An IMS Common Cartridge 1.1 (``.imscc``) of a course: one LTI link per unit, in module folders.

A consortium imports the whole course into its LMS in one step (Moodle 4.5 imports CC 1.0 and
1.1, not 1.3; Canvas imports 1.1 too); each link becomes an External tool activity that launches
the plx LTI tool registered in the LMS. A link carries its target twice: in the launch URL
(``/lti/launch?target=course/module/unit``, which is what an LMS matches to the registered tool
by domain, and what LTI 1.3 sends as ``target_link_uri``) and as the custom parameter
``plx_target``. Validated by the tests against the CC 1.1 schemas Moodle ships
(``backup/cc/schemas11``).

Structure: the organisation has a root item holding one item per module, each holding its
units' links. Titles are in the cartridge's language (``--lang``), else bilingual labels.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from ..course.model import Course

CP = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
LOM = "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
LTICC = "http://www.imsglobal.org/xsd/imslticc_v1p0"
BLTI = "http://www.imsglobal.org/xsd/imsbasiclti_v1p0"
LTICM = "http://www.imsglobal.org/xsd/imslticm_v1p0"
LTICP = "http://www.imsglobal.org/xsd/imslticp_v1p0"
MANIFEST_SCHEMAS = (f"{CP} http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_imscp_v1p2_v1p0.xsd "
                    f"{LOM} http://www.imsglobal.org/profile/cc/ccv1p1/LOM/ccv1p1_lommanifest_v1p0.xsd")
LINK_SCHEMAS = (f"{LTICC} http://www.imsglobal.org/xsd/lti/ltiv1p0/imslticc_v1p0.xsd "
                f"{BLTI} http://www.imsglobal.org/xsd/lti/ltiv1p0/imsbasiclti_v1p0p1.xsd "
                f"{LTICM} http://www.imsglobal.org/xsd/lti/ltiv1p0/imslticm_v1p0.xsd "
                f"{LTICP} http://www.imsglobal.org/xsd/lti/ltiv1p0/imslticp_v1p0.xsd")
LINK_TYPE = "imsbasiclti_xmlv1p0"


def _title(text, lang: str | None) -> str:
    return text.get(lang) if lang else text.joined()


def _sub(parent, ns: str, tag: str, text: str | None = None, **attrs):
    element = etree.SubElement(parent, f"{{{ns}}}{tag}", {k: v for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


def link_xml(title: str, description: str, launch_url: str, target: str, lang: str | None) -> bytes:
    """The ``basiclti.xml`` of one unit's link."""
    root = etree.Element(f"{{{LTICC}}}cartridge_basiclti_link",
                         nsmap={None: LTICC, "blti": BLTI, "lticm": LTICM, "lticp": LTICP, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", LINK_SCHEMAS)
    _sub(root, BLTI, "title", title)
    _sub(root, BLTI, "description", description)
    custom = _sub(root, BLTI, "custom")
    _sub(custom, LTICM, "property", target, name="plx_target")
    if lang:
        _sub(custom, LTICM, "property", lang, name="plx_lang")
    _sub(root, BLTI, "launch_url", launch_url)
    vendor = _sub(root, BLTI, "vendor")
    _sub(vendor, LTICP, "code", "plx")
    _sub(vendor, LTICP, "name", "plx: Professional Learning XBlocks")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def manifest_xml(course: Course, base_url: str, lang: str | None) -> tuple[bytes, dict[str, bytes]]:
    """The manifest and the link files (path -> bytes) of *course*'s cartridge."""
    root = etree.Element(f"{{{CP}}}manifest", nsmap={None: CP, "lomimscc": LOM, "xsi": XSI},
                         identifier=f"plx-{course.id}-{lang or 'bilingual'}")
    root.set(f"{{{XSI}}}schemaLocation", MANIFEST_SCHEMAS)
    metadata = _sub(root, CP, "metadata")
    _sub(metadata, CP, "schema", "IMS Common Cartridge")
    _sub(metadata, CP, "schemaversion", "1.1.0")
    general = _sub(_sub(metadata, LOM, "lom"), LOM, "general")
    _sub(_sub(general, LOM, "title"), LOM, "string", _title(course.title, lang), language=lang or "en")
    _sub(_sub(general, LOM, "description"), LOM, "string", _title(course.summary, lang), language=lang or "en")
    organization = _sub(_sub(root, CP, "organizations"), CP, "organization", identifier="O_1",
                        structure="rooted-hierarchy")
    top = _sub(organization, CP, "item", identifier="I_root")
    resources = _sub(root, CP, "resources")
    files: dict[str, bytes] = {}
    for module in course.modules:
        folder = _sub(top, CP, "item", identifier=f"I_{module.uid}")
        _sub(folder, CP, "title", _title(module.title, lang))
        for unit in module.units:
            target = f"{course.id}/{module.id}/{unit.id}"
            href = f"L_{unit.uid}/basiclti.xml"
            item = _sub(folder, CP, "item", identifier=f"I_{unit.uid}", identifierref=f"R_{unit.uid}")
            _sub(item, CP, "title", _title(unit.title, lang))
            resource = _sub(resources, CP, "resource", identifier=f"R_{unit.uid}", type=LINK_TYPE)
            _sub(resource, CP, "file", href=href)
            files[href] = link_xml(_title(unit.title, lang), _title(module.summary, lang),
                                   f"{base_url}/lti/launch?target={target}", target, lang)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True), files


def build_cartridge(course: Course, base_url: str, out: Path, lang: str | None = None) -> Path:
    """Write *course*'s cartridge to *out* (``.imscc``, a zip) for the tool at *base_url*."""
    manifest, files = manifest_xml(course, base_url.rstrip("/"), lang)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in [("imsmanifest.xml", manifest), *sorted(files.items())]:
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))  # the same bytes every build
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return out
