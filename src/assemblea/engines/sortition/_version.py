"""Version of the sortition engine (recorded in every report)."""

__version__ = "0.1.0"
