"""Import and export inside the Wagtail admin, built on django-import-export resources.

- :mod:`.formats` reads uploaded CSV and XLSX files (refusing what is not safe to read) and
  writes CSV, XLSX and JSON with spreadsheet formulas escaped;
- :mod:`.tempfiles` keeps an uploaded file until the editor confirms the import;
- :mod:`.resources` holds the resources: taxonomy terms, and :class:`~.resources.PageResource`
  for pages (events, practice examples) with drafts, publishing and revisions;
- :mod:`.options` holds :class:`~.options.ImportExportModelAdminMixin`, which adds the buttons
  and the views to a modeladmin listing.
"""
