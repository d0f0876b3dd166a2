"""The library of practice examples: its pages, facets and search, import and admin."""
