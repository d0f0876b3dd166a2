"""Import and export inside the Wagtail admin, built on django-import-export resources.

- :mod:`.formats` reads uploaded CSV and XLSX files (refusing what is not safe to read) and
  writes CSV, XLSX and JSON with spreadsheet formulas escaped;
- :mod:`.tempfiles` keeps an uploaded file until the editor confirms the import;
- :mod:`.resources` holds the engine: :class:`~.resources.ResourceMixin` and
  :class:`~.resources.PageResource` for pages (events, practice examples) with drafts,
  publishing and revisions; :mod:`.report` what an import reports and :mod:`.values` how cells
  are read and written;
- :mod:`.registry` knows the resource of each model: every feature registers its own
  (``taxonomy/resources.py``, ``events/resources.py``, ...);
- :mod:`.options` holds :class:`~.options.ImportExportModelAdminMixin`, which adds the buttons
  and the views to a modeladmin listing.
"""
