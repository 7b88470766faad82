"""tutor-contrib-plx: install plx in a Tutor-deployed Open edX (see README.md)."""
__version__ = "0.1.0"
