"""Presentations (slides): their pages, downloads, file sizes and the listing's filters."""
