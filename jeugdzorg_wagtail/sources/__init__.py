"""Partner agendas: calendar feeds of other sites shown in this site's agenda.

:mod:`.fetching` gets a feed over HTTP(S) without ever reaching the host's own network;
:mod:`.parsing` turns the feed into plain, validated values. Neither touches the database.
"""
