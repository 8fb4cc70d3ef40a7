"""Assemblea: software for assemblies where many people deliberate and decide together."""

__version__ = "0.1.0"
