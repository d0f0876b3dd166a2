"""Helpers of the demo steps: look up by a stable key, create only what is missing."""


def get_or_create_term(model, report, name, **fields):
    obj = model.objects.filter(name=name).first()
    if obj is None:
        obj = model.objects.create(name=name, **fields)
        report.append((f"{model._meta.verbose_name}: {name}", True))
    return obj


def get_child(parent, slug):
    """The child page of ``parent`` with this slug (specific), or None."""
    page = parent.get_children().filter(slug=slug).first()
    return page.specific if page else None


def add_child(parent, page, report, publish=True):
    """Add ``page`` under ``parent`` and publish it; note it in the report."""
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    report.append((f"{page._meta.verbose_name}: {page.title}", True))
    return page
