"""The course model and the one loader that builds it from a content folder."""
from .diagnostics import Diagnostic, Diagnostics
from .fields import LoadOptions
from .loader import LoadResult, load_course
from .model import (
                    LANGUAGES,
                    AnyBlock,
                    Check,
                    Course,
                    Criterion,
                    Level,
                    Markdown,
                    Module,
                    Option,
                    PeerReview,
                    Prose,
                    Reference,
                    Reflection,
                    Standard,
                    Text,
                    Unit,
)
from .standards import STANDARDS

__all__ = [
    "Diagnostic", "Diagnostics", "LoadOptions", "LoadResult", "load_course", "LANGUAGES", "AnyBlock",
    "Check", "Course", "Criterion", "Level", "Markdown", "Module", "Option", "PeerReview", "Prose",
    "Reference", "Reflection", "Standard", "Text", "Unit", "STANDARDS",
]
