"""Sphinx configuration: Markdown (MyST) docs, built with warnings as errors in CI."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import jeugdzorg_wagtail  # noqa: E402

project = "jeugdzorg-wagtail"
author = "jeugdzorg-wagtail contributors"
copyright = "2026, jeugdzorg-wagtail contributors"  # noqa: A001
release = jeugdzorg_wagtail.__version__
version = release

extensions = ["myst_parser"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
html_theme = "alabaster"
html_static_path = []
language = "en"
