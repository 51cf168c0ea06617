"""The version of govpack, stamped in outputs and the manifest."""

__version__ = "0.1.0"
