"""An event's open-space market on its page: a plain mixin for composing onto event pages."""

import re

from ..core.queries import not_in_private_section

__all__ = ["EventMarketMixin", "natural_key"]

_DIGITS = re.compile(r"(\d+)")


def natural_key(text):
    """Sorts "2" before "10" and "Tafel 2" before "Tafel 10"."""
    return [
        (0, int(part)) if part.isdigit() else (1, part.lower())
        for part in _DIGITS.split(text or "")
        if part
    ]


class EventMarketMixin:
    """Puts the event's market in the page's context as ``market_rounds``.

    The stands come from the reverse relation ``market_stands``
    (:class:`~jeugdzorg_wagtail.market.models.MarketStand`). Two queries, however many stands.
    """

    def get_market_stands(self):
        """The stands of this event (of the original page when this page is an alias), in
        the order of their round and number, each with ``example`` (its practice example
        when that is live and public, else ``None``)."""
        event_id = self.alias_of_id or self.pk
        if not event_id:
            return []
        stand_model = type(self)._meta.get_field("market_stands").related_model
        stands = list(stand_model.objects.filter(event_id=event_id).select_related("organisation"))
        example_ids = {stand.practice_example_id for stand in stands if stand.practice_example_id}
        examples = {}
        if example_ids:
            example_model = stand_model._meta.get_field("practice_example").related_model
            examples = {
                page.pk: page
                for page in example_model.objects.live()
                .filter(not_in_private_section())
                .filter(pk__in=example_ids)
            }
        for stand in stands:
            stand.example = examples.get(stand.practice_example_id)
        stands.sort(key=lambda s: (s.round is not None, s.round or 0, natural_key(s.number), s.pk))
        return stands

    def get_market_rounds(self):
        """The stands grouped by round: ``[{"round": number or None, "stands": [...]}]``."""
        groups = []
        for stand in self.get_market_stands():
            if not groups or groups[-1]["round"] != stand.round:
                groups.append({"round": stand.round, "stands": []})
            groups[-1]["stands"].append(stand)
        return groups

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["market_rounds"] = self.get_market_rounds()
        return context
