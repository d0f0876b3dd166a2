from wagtail.models import Site


def site_menu(request):
    """The pages in the main menu: the live, public children of the site's root marked for menus."""
    site = Site.find_for_request(request)
    if site is None:
        return {"site_menu": []}
    return {"site_menu": site.root_page.get_children().live().public().in_menu()}
