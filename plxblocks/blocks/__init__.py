"""The plx XBlocks, one module each: ``plx_lesson``, ``plx_check``, ``plx_journal``.

They hold a block's content in both languages as XBlock fields, rebuild the course-model block
from them (:meth:`PlxBlockMixin.to_model`) and render it through the shared templates, so the LMS
shows exactly what a SCORM page shows.
"""
