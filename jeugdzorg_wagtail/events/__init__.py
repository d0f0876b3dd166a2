"""The agenda: agenda and event pages, sessions, their JSON-LD, the listing's filters, the
iCal feeds (``feeds`` → ``feed_queries`` → ``ical``, cached by ``feed_cache``), calendar
links, import and admin."""
