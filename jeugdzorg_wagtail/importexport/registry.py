"""Which resource imports and exports which model.

Each feature registers its resources in its own ``resources.py``::

    @register_resource(EventPage)
    class EventResource(PageResource): ...

and a modeladmin with :class:`~.options.ImportExportModelAdminMixin` finds the resource of
its model here when it names no ``resource_class``. The app imports every feature's
``resources`` module when it is ready, so the registry is complete from then on.
"""

__all__ = ["register_resource", "registered_resources", "resource_for"]

_resources = {}


def register_resource(model):
    """A class decorator: the decorated resource imports and exports ``model``."""

    def decorator(resource_class):
        _resources[model] = resource_class
        return resource_class

    return decorator


def resource_for(model):
    """The resource class registered for ``model``, or ``None``."""
    return _resources.get(model)


def registered_resources():
    """``{model: resource class}`` of every registered resource."""
    return dict(_resources)
