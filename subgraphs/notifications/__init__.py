"""The notifications service: delivers notification requests by email, push, SMS and an inbox."""
