"""Khabar: conflict news in, a sourced knowledge graph out."""

__version__ = "0.1.0"
