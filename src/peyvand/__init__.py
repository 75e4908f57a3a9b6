"""Peyvand (پیوند): the international relations office's memory and printing press."""

__version__ = "0.1.0"
