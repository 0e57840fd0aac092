"""feed: the front page's read model: denormalised post cards and time-ordered feeds in Redis,
built from posts' and profiles' Kafka events and rebuildable from posts over gRPC."""
