"""Wagtail admin pieces: modeladmin classes, choosers and views, one module per concern."""
