"""Course model -> IMS Common Cartridge 1.1 of LTI links: ``plx cc``."""
from .cartridge import build_cartridge

__all__ = ["build_cartridge"]
