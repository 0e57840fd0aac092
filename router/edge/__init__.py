"""The router's edge concerns: auth, persisted queries, headers, track ids, CORS and limits."""
