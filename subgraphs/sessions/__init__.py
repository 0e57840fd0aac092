"""sessions: the record of each track id (the id that follows a client through every request and
log line): when it was first and last seen, from where, and which user and login used it."""
