"""Waiting for something another task or process does: every poll in the tests has a deadline
(common/polling.py, which the QA prober shares).

    await eventually(lambda: store.count(), within=10, what="the card to be stored")
"""

from __future__ import annotations

from common.polling import eventually

__all__ = ["eventually"]
