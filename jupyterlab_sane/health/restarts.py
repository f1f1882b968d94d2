"""Kernel restarts as the server saw them: a page sees only those made while it is open."""

from __future__ import annotations

import logging

KERNEL_ACTIONS = "https://events.jupyter.org/jupyter_server/kernel_actions/v1"


class RestartCounter:
    """Each running kernel's successful restarts, from the server's kernel action events.

    jupyter_server emits one for every restart, asked for by a page or automatic after the
    kernel died, so the count survives page reloads and covers every page.
    """

    def __init__(self):
        self._counts: dict[str, int] = {}

    def listen(self, event_logger) -> None:
        event_logger.add_listener(schema_id=KERNEL_ACTIONS, listener=self._on_event)

    def record(self, data: dict) -> None:
        kernel_id = data.get("kernel_id")
        if not kernel_id or data.get("status") != "success":
            return
        action = data.get("action")
        if action == "restart":
            self._counts[kernel_id] = self._counts.get(kernel_id, 0) + 1
        elif action == "shutdown":
            self._counts.pop(kernel_id, None)

    def count(self, kernel_id: str) -> int:
        return self._counts.get(kernel_id, 0)

    # jupyter_events passes these by name, within the server's own kernel actions: nothing of
    # ours may raise into them.
    async def _on_event(self, logger, schema_id, data) -> None:
        try:
            self.record(data)
        except Exception:
            logging.getLogger(__name__).exception("a kernel action event was not counted")
