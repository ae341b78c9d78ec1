"""Views of the agenda app, one module per resource."""
