"""Writes of the calls app, one module per area: applications, review, selection, communication, exports."""


class ServiceError(Exception):
    """A refused write, with a translated message for the person who asked."""

    def __init__(self, message, *, code: str = "invalid", errors: dict | None = None):
        super().__init__(str(message))
        self.message = message
        self.code = code
        self.errors = errors or {}
