"""Packaging for plx: the XBlocks, the shared course model and the SCORM packager."""
from pathlib import Path

from setuptools import find_packages, setup

HERE = Path(__file__).parent


def requirements(name: str) -> list[str]:
    """Direct dependencies (compatible ranges) from requirements/<name>.in; the versions CI installs
    are pinned in requirements/constraints.txt."""
    lines = (HERE / "requirements" / f"{name}.in").read_text(encoding="utf-8").splitlines()
    return [line.split("#")[0].strip() for line in lines if line.split("#")[0].strip() and not line.startswith("-")]


setup(
    name="plx",
    version="0.1.0",
    description="Professional Learning XBlocks: bilingual (English/Welsh) courses for Open edX and SCORM",
    long_description=(HERE / "README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    license="AGPL-3.0",
    python_requires=">=3.11",
    packages=find_packages(include=["plxblocks", "plxblocks.*", "scorm", "scorm.*"]),
    include_package_data=True,
    install_requires=requirements("base"),
    # The base install is what Open edX needs (no Django, no driver, no workbench); the rest are extras.
    extras_require={
        "author": requirements("author"),
        "workbench": requirements("author") + requirements("workbench"),
        "lti": requirements("author") + requirements("lti"),
        # The journal's PDF export: optional in every runtime (WeasyPrint needs Pango; see pdf.in).
        "pdf": requirements("pdf"),
        "test": requirements("author") + requirements("workbench") + requirements("test") + requirements("pdf"),
        "dev": requirements("author") + requirements("workbench") + requirements("lti") + requirements("test")
        + requirements("pdf") + requirements("dev"),
    },
    entry_points={
        "console_scripts": ["plx = plxblocks.command:main"],
        "xblock.v1": [
            "plx_lesson = plxblocks.blocks.lesson:PlxLessonBlock",
            "plx_check = plxblocks.blocks.check:PlxCheckBlock",
            "plx_journal = plxblocks.blocks.journal:PlxJournalBlock",
            "plx_peer_review = plxblocks.blocks.peer_review:PlxPeerReviewBlock",
        ],
        # Open edX plugin apps: the LMS and Studio add these to INSTALLED_APPS (and migrate them).
        "lms.djangoapp": ["plx_journal = plxblocks.journal.apps:JournalConfig",
                          "plx_peer = plxblocks.peer.apps:PeerConfig",
                          "plx_checks = plxblocks.checks.apps:ChecksConfig"],
        "cms.djangoapp": ["plx_journal = plxblocks.journal.apps:JournalConfig",
                          "plx_peer = plxblocks.peer.apps:PeerConfig",
                          "plx_checks = plxblocks.checks.apps:ChecksConfig"],
    },
    classifiers=[
        "Framework :: Django",
        "Programming Language :: Python :: 3.11",
        "Natural Language :: English",
        "Natural Language :: Welsh",
    ],
)
