"""Agenda, iCal feeds, calls for participation, practice examples and presentations for Wagtail."""

__version__ = "0.1.0.dev0"
