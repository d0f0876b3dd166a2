"""The theme page: for one theme of the shared taxonomy, the upcoming events, practice
examples, presentations and open calls of the site, with a feed of its events."""
