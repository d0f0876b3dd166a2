"""The shared taxonomy: event types, themes, target groups, regions and organisations, the
mixin that gives a page its region, themes and target groups, and their admin and import."""
