"""HTTP handlers of the server part: thin, authenticated, JSON only."""

from __future__ import annotations

import json

import tornado.web
from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join

NAMESPACE = "jupyterlab-sane"


class HealthHandler(APIHandler):
    """`GET /jupyterlab-sane/health`: the server part's version (grown by the health checks)."""

    @tornado.web.authenticated
    def get(self) -> None:
        from . import __version__

        self.finish(json.dumps({"version": __version__}))


def setup_handlers(web_app) -> None:
    base_url = web_app.settings["base_url"]
    handlers = [(url_path_join(base_url, NAMESPACE, "health"), HealthHandler)]
    web_app.add_handlers(".*$", handlers)
