"""Running the XBlock SDK workbench with the plx blocks: settings, URLs and ``plx serve``."""
