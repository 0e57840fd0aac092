"""posts: posts, comments, tags and the publishing workflow (HTTP 4003, gRPC 50054)."""
