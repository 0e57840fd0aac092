"""The shared kernel: the only code services share (settings, db, events, logging, metrics,
errors, auth verification, gRPC helpers, track id propagation)."""
