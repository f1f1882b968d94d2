"""jupyterlab-sane: keeps an ML researcher's notebook work sane."""

try:
    from ._version import __version__
except ImportError:  # pragma: no cover - only in a source tree that was never built
    import warnings

    warnings.warn("Importing 'jupyterlab_sane' outside a proper installation.", stacklevel=2)
    __version__ = "dev"

from .handlers import setup_handlers


def _jupyter_labextension_paths():
    return [{"src": "labextension", "dest": "jupyterlab-sane"}]


def _jupyter_server_extension_points():
    return [{"module": "jupyterlab_sane"}]


def _load_jupyter_server_extension(server_app):
    """Register the API handlers of the server part.

    Parameters
    ----------
    server_app: jupyter_server.serverapp.ServerApp
        The running server.
    """
    setup_handlers(server_app)
    server_app.log.info("Registered jupyterlab_sane server extension %s", __version__)


__all__ = ["__version__"]
