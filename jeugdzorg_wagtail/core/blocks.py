"""StreamField blocks the page types share: the body of events and practice examples."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

__all__ = ["BodyBlock", "QuoteBlock"]


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("quote"))
    attribution = blocks.CharBlock(label=_("attribution"), required=False)

    class Meta:
        icon = "openquote"
        label = _("quote")
        template = "jeugdzorg_wagtail/blocks/quote.html"


class BodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(label=_("text"))
    image = ImageChooserBlock(label=_("image"), template="jeugdzorg_wagtail/blocks/image.html")
    embed = EmbedBlock(label=_("embedded media"))
    quote = QuoteBlock()
