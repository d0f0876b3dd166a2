"""The package's pages inside the site's own layout.

Every page template of the package extends ``jeugdzorg_wagtail/layout.html``, which extends
the site's base template (the ``BASE_TEMPLATE`` setting) and fills nothing but the block that
ends up in the ``<head>``: the package's stylesheet, a ``noindex`` for pages that search
engines should leave alone and the ``alternate`` link of a calendar feed
(``jeugdzorg_wagtail/includes/head.html``).

Which block that is depends on the base template. ``wagtail start`` writes a ``base.html``
with ``extra_css`` (and ``extra_js`` and ``content``) but no ``extra_head``; other sites have
``extra_head``. :func:`head_block` reads the base template (and the templates it extends) and
names the first of :data:`HEAD_BLOCKS` it renders, so the head is filled exactly once.
"""

from django.conf import settings
from django.core.signals import setting_changed
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.template.loader_tags import BlockNode, ExtendsNode

#: The blocks of a base template that end up in ``<head>``, in order of preference.
HEAD_BLOCKS = ("extra_css", "extra_head")

_cache = {}


def _engine_template(name):
    """The ``django.template.base.Template`` named ``name`` (None when it cannot be read)."""
    try:
        template = get_template(name)
    except TemplateDoesNotExist:
        return None
    return getattr(template, "template", None)


def _parent_name(template):
    """The name a template extends, when it is a literal string; else None."""
    nodes = template.nodelist.get_nodes_by_type(ExtendsNode)
    if not nodes:
        return None
    expression = nodes[0].parent_name
    value = getattr(expression, "var", None)
    if isinstance(value, str) and not expression.filters:
        return value
    return None


def _blocks_within(nodelist):
    """The blocks of ``nodelist`` at any depth, by name."""
    return {node.name: node for node in nodelist.get_nodes_by_type(BlockNode)}


def rendered_blocks(name):
    """The names of the blocks that template ``name`` renders (None when it cannot be read).

    A block renders when the topmost template of the ``{% extends %}`` chain has it, or when
    it sits inside a block that renders as defined further down the chain.
    """
    chain = []
    seen = set()
    current = name
    while current is not None and current not in seen:
        seen.add(current)
        template = _engine_template(current)
        if template is None:
            return None if not chain else set()
        chain.append(template)
        current = _parent_name(template)
    root, *children = reversed(chain)
    rendered = set(_blocks_within(root.nodelist))
    for template in children:
        for block_name, block in _blocks_within(template.nodelist).items():
            if block_name in rendered:
                rendered |= set(_blocks_within(block.nodelist))
    return rendered


def head_block(name):
    """The first of :data:`HEAD_BLOCKS` that base template ``name`` renders, or ``""``.

    Kept per template name (not while ``DEBUG`` is on, so that an edited base template is
    read again).
    """
    if not settings.DEBUG and name in _cache:
        return _cache[name]
    blocks = rendered_blocks(name) or set()
    found = next((block for block in HEAD_BLOCKS if block in blocks), "")
    _cache[name] = found
    return found


def _reset(*, setting, **kwargs):
    if setting in ("TEMPLATES", "JEUGDZORG_WAGTAIL", "INSTALLED_APPS"):
        _cache.clear()


setting_changed.connect(_reset)
