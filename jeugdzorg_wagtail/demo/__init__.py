"""The Dutch demo content, one module per feature.

Each step is a function ``step(parent, report)`` that looks every object up by a stable key
(a slug) before it creates it, and appends ``(description, created)`` to ``report``. Dates of
upcoming events are computed on the first run only: on later runs the pages exist and are left
alone, so running the command again adds and changes nothing.
"""

from . import calls, events, network, practice, presentations, sources, taxonomy, themes

STEPS = [
    network.load,
    taxonomy.load,
    events.load,
    sources.load,
    practice.load,
    presentations.load,
    calls.load,
    themes.load,
]


def load_demo(parent):
    report = []
    context = {}
    for step in STEPS:
        step(parent, report, context)
    return report
