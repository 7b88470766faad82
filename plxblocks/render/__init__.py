"""Rendering shared by every output: Markdown to safe HTML, templates and styles.

The XBlocks and the SCORM pages render through this package so a learner sees the same thing in
both (DESIGN.md: one set of templates).
"""
