"""Signal handlers. Features connect their handlers here so that ``apps.ready`` loads them."""
