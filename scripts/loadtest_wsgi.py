"""The example site's WSGI application for the load test, naming the worker that answered.

Each response gets an ``X-Worker-Pid`` header, so that scripts/loadtest.py can show that a
change made by one process reaches the feeds served by every gunicorn worker.
"""

import os

from example_site.wsgi import application as site_application


def application(environ, start_response):
    def start(status, headers, exc_info=None):
        return start_response(status, [*headers, ("X-Worker-Pid", str(os.getpid()))], exc_info)

    return site_application(environ, start)
