"""How the QA prober's content is marked (qa/probes.py), so readers never see it.

A post tagged `PROBE_TAG` stays out of the feed's public lists (everything, and each tag's);
its author's feed still lists it, which is where the prober looks for it. Probe accounts have
logins starting with `PROBE_LOGIN_PREFIX`.
"""

from __future__ import annotations

__all__ = ["PROBE_LOGIN_PREFIX", "PROBE_TAG"]

PROBE_TAG = "qa-probe"
PROBE_LOGIN_PREFIX = "qa-probe-"
