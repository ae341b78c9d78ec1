"""Writes of the agenda app, one module per area."""
