"""``imsmanifest.xml`` for SCORM 1.2 and SCORM 2004 4th Edition, written with lxml.

Two organizations, one SCO resource (``index.html``, the whole course in one page):

- ``units`` (the default): the organization mirrors the course, an item per module holding an
  item per unit. Each unit item launches the page with ``?sco=<unit key>``, so the LMS tracks
  every unit as its own activity (completion, score over its own checks, resume point, and its
  own suspend_data: SCORM 1.2's 4,096 characters then hold one unit's reflections, not a whole
  course's), lists the units in its table of contents and rolls completion up to the course.
- ``course``: one item, one activity for the whole course, which navigates between units itself
  and computes the pass mark over all the course's points. For players that launch only the
  first resource with one set of tracking data (Open edX's SCORM block), and for LMSs whose
  grade book should get one course score.

Either way the first resource with an ``href`` is the SCO: a player that ignores the organization
launches ``index.html`` without a unit and gets the whole course.

Facts the LMSs depend on (see RUNTIME-NOTES): ``schemaversion`` is exactly ``1.2`` or
``2004 4th Edition``; the launch resource is the first resource with an ``href``; every file of
the package is listed in that resource. lxml escapes every title, so ``&``, ``<``, quotes and
Welsh letters come out as written.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

XSI = "http://www.w3.org/2001/XMLSchema-instance"

STANDARDS = ("1.2", "2004")
"""The ``--standard`` values."""


@dataclass(frozen=True)
class Namespaces:
    """One standard's XML vocabulary."""

    cp: str
    adlcp: str
    schema_locations: str
    schemaversion: str
    extra: tuple[tuple[str, str], ...] = ()


SCORM12 = Namespaces(
    cp="http://www.imsproject.org/xsd/imscp_rootv1p1p2",
    adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2",
    schema_locations=("http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd "
                      "http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd"),
    schemaversion="1.2",
)
SCORM2004 = Namespaces(
    cp="http://www.imsglobal.org/xsd/imscp_v1p1",
    adlcp="http://www.adlnet.org/xsd/adlcp_v1p3",
    schema_locations=("http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd "
                      "http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd "
                      "http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd "
                      "http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd "
                      "http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd "
                      "http://ltsc.ieee.org/xsd/LOM lom.xsd"),
    schemaversion="2004 4th Edition",
    extra=(("adlseq", "http://www.adlnet.org/xsd/adlseq_v1p3"),
           ("adlnav", "http://www.adlnet.org/xsd/adlnav_v1p3"),
           ("imsss", "http://www.imsglobal.org/xsd/imsss"),
           ("lom", "http://ltsc.ieee.org/xsd/LOM")),
)
NAMESPACES = {"1.2": SCORM12, "2004": SCORM2004}

SCO_RESOURCE = "RES-SCO"
ORGANIZATION = "ORG"


@dataclass(frozen=True)
class ManifestSpec:
    """Everything the manifest says, gathered from the course before anything is written."""

    identifier: str
    """The manifest's id: stable for the same course, module, language and standard."""
    standard: str
    """``1.2`` or ``2004``."""
    title: str
    """The organization's title (course or module name)."""
    description: str
    """Plain text for the metadata (2004: LOM description)."""
    languages: tuple[str, ...]
    """Content languages in the package (``en``, ``cy``)."""
    item: str
    """The SCO item's identifier (xs:ID)."""
    outline: tuple[str, ...]
    """Module and unit titles in order (``Module: Unit``), listed in the 2004 metadata."""
    launch: str
    """The SCO's launch file (``index.html``)."""
    files: tuple[str, ...]
    """Every file in the package except ``imsmanifest.xml`` itself."""
    mastery_percent: int | None
    """Pass mark in percent, or ``None`` when nothing in the package is scored (SCORM 2004's
    ``minNormalizedMeasure``; SCORM 1.2 manifests carry no mastery score, see :func:`_item`)."""
    keywords: tuple[str, ...] = ()
    """Professional standards' names, for LMS catalogues (2004 LOM keywords)."""
    version: str = "1.0"
    modules: tuple["ModuleItem", ...] = ()
    """The ``units`` organization: an item per module and unit. Empty: one item for the package."""


@dataclass(frozen=True)
class UnitItem:
    identifier: str
    """The item's id (xs:ID)."""
    title: str
    parameters: str
    """Appended to the launch URL (``?sco=<unit key>``): which unit this activity is."""
    mastery_percent: int | None
    """Pass mark over the unit's own checks, or ``None`` when the unit has none that score."""


@dataclass(frozen=True)
class ModuleItem:
    identifier: str
    title: str
    units: tuple[UnitItem, ...]


def manifest_xml(spec: ManifestSpec) -> bytes:
    """The manifest as UTF-8 bytes with an XML declaration."""
    ns = NAMESPACES[spec.standard]
    nsmap = {None: ns.cp, "adlcp": ns.adlcp, "xsi": XSI, **dict(ns.extra)}
    root = etree.Element(_q(ns.cp, "manifest"), nsmap=nsmap,
                         identifier=spec.identifier, version=spec.version)
    root.set(_q(XSI, "schemaLocation"), ns.schema_locations)
    metadata = _sub(root, ns.cp, "metadata")
    _sub(metadata, ns.cp, "schema").text = "ADL SCORM"
    _sub(metadata, ns.cp, "schemaversion").text = ns.schemaversion
    if spec.standard == "2004":
        _lom(metadata, spec)

    organizations = _sub(root, ns.cp, "organizations", default=ORGANIZATION)
    organization = _sub(organizations, ns.cp, "organization", identifier=ORGANIZATION)
    _sub(organization, ns.cp, "title").text = spec.title
    if spec.modules:
        for module in spec.modules:
            module_item = _sub(organization, ns.cp, "item", identifier=module.identifier)
            _sub(module_item, ns.cp, "title").text = module.title
            for unit in module.units:
                _item(module_item, spec.standard, ns, unit.identifier, unit.title, unit.mastery_percent,
                      unit.parameters)
        if spec.standard == "2004":
            # Learners pick units from the LMS's contents (choice) or go on in order (flow).
            sequencing = _sub(organization, _IMSSS, "sequencing")
            _sub(sequencing, _IMSSS, "controlMode", choice="true", flow="true")
    else:
        _item(organization, spec.standard, ns, spec.item, spec.title, spec.mastery_percent)

    resources = _sub(root, ns.cp, "resources")
    resource = _sub(resources, ns.cp, "resource", identifier=SCO_RESOURCE, type="webcontent",
                    href=spec.launch)
    resource.set(_q(ns.adlcp, "scormType" if spec.standard == "2004" else "scormtype"), "sco")
    for name in sorted(set(spec.files)):
        _sub(resource, ns.cp, "file", href=name)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _item(parent, standard: str, ns: Namespaces, identifier: str, title: str, mastery_percent: int | None,
          parameters: str = "") -> None:
    """An item that launches the SCO (the package, or one unit of it with *parameters*)."""
    element = _sub(parent, ns.cp, "item", identifier=identifier, identifierref=SCO_RESOURCE)
    if parameters:
        element.set("parameters", parameters)
    _sub(element, ns.cp, "title").text = title
    if standard == "1.2":
        # No adlcp:masteryscore, on purpose: with one, Moodle's default "Mastery score overrides
        # status" turns any score.raw into passed/failed at LMSFinish, whatever the SCO reported
        # (a unit only opened became "failed"). The SCO reports passed/completed itself.
        return
    # SCORM 2004: completion is reported by the SCO when every required block is done
    # (progress 1.0); success by the score against the pass mark.
    _sub(element, ns.adlcp, "completionThreshold", completedByMeasure="false", minProgressMeasure="1.0")
    sequencing = _sub(element, _IMSSS, "sequencing")
    if mastery_percent is not None:
        objectives = _sub(sequencing, _IMSSS, "objectives")
        primary = _sub(objectives, _IMSSS, "primaryObjective", objectiveID="pass-mark",
                       satisfiedByMeasure="true")
        _sub(primary, _IMSSS, "minNormalizedMeasure").text = _decimal(mastery_percent / 100)
    _sub(sequencing, _IMSSS, "deliveryControls", completionSetByContent="true", objectiveSetByContent="true")


_IMSSS = "http://www.imsglobal.org/xsd/imsss"
_LOM = "http://ltsc.ieee.org/xsd/LOM"


def _lom(metadata, spec: ManifestSpec) -> None:
    """Inline IEEE LOM (SCORM 2004): title, description, languages, keywords."""
    lom = _sub(metadata, _LOM, "lom")
    general = _sub(lom, _LOM, "general")
    _langstring(_sub(general, _LOM, "title"), spec.title, spec.languages)
    for lang in spec.languages:
        _sub(general, _LOM, "language").text = lang
    if spec.description:
        _langstring(_sub(general, _LOM, "description"), spec.description, spec.languages)
    for keyword in spec.keywords:
        _langstring(_sub(general, _LOM, "keyword"), keyword, spec.languages)
    if spec.outline:
        # The SCO's own table of contents, for catalogues that show a package's structure.
        structure = _sub(lom, _LOM, "educational")
        _langstring(_sub(structure, _LOM, "description"), "\n".join(spec.outline), spec.languages)


def _langstring(parent, text: str, languages: Sequence[str]) -> None:
    string = _sub(parent, _LOM, "string")
    string.text = text
    if len(languages) == 1:
        string.set("language", languages[0])


def _decimal(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".") if value else "0"


def _q(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


def _sub(parent, namespace: str, name: str, **attributes: str):
    return etree.SubElement(parent, _q(namespace, name), **attributes)
