"""subscriptions: who follows what (authors, tags, post threads), what each user wants to hear
about and how, and the fan-out that turns posts' events into notification requests for exactly
those who want them (topic subscriptions.notification-request.v1, read by notifications)."""
