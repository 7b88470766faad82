"""The knowledge checks' attempt ledger: the one place an attempt is counted (see models.py)."""
