"""Course model -> OLX: the XML of each plx block (``blocks.py``) and the workbench scenarios built
from the same code (``scenarios.py``), so what Studio imports and what the workbench shows agree."""
