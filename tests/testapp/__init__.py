"""A site's own app: page classes built from the package's mixins alone (see
``tests/core/test_mixins_compose.py`` and docs/pages.md)."""
