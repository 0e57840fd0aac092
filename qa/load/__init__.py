"""The load profile (`python -m qa load`): Locust users (readers, commenters, writers) weighted
by `weights.yaml`, against a platform on this machine only."""
