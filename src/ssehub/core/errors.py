"""The one error a service raises when it refuses a write.

Every app's services raise `ServiceError`; views show `message` (already in the reader's language)
and the API answers 400 (409 for a stale edit) with `code`. Nothing is written when it is raised:
services raise before writing or inside the transaction that would have written.
"""

from typing import Any

from django.core.exceptions import ValidationError

STALE = "stale"


class ServiceError(Exception):
    """A refused write: a machine-readable `code`, a translated `message`, optional per-field errors.

    `detail` carries facts the reader may need (for a stale edit: who saved, and when)."""

    def __init__(
        self, message: Any, *, code: str = "invalid", field: str | None = None,
        errors: dict[str, list[str]] | None = None, detail: dict[str, Any] | None = None,
    ):
        super().__init__(str(message))
        self.message = message
        self.code = code
        self.field = field
        self.errors = errors or {}
        self.detail = detail or {}

    @property
    def is_stale(self) -> bool:
        return self.code == STALE

    def messages(self) -> list[str]:
        """Every message, the general one first, for a view's message list or an API body."""
        found = [str(self.message)]
        for field_messages in self.errors.values():
            found.extend(str(message) for message in field_messages if str(message) not in found)
        return found

    def add_to_form(self, form) -> None:
        """Show the refusal on a bound form: per-field errors where the form has the field."""
        placed = False
        for name, field_messages in self.errors.items():
            if name in form.fields:
                for message in field_messages:
                    form.add_error(name, message)
                placed = True
        if self.field and self.field in form.fields:
            form.add_error(self.field, self.message)
        elif not placed or str(self.message) not in {str(m) for ms in self.errors.values() for m in ms}:
            form.add_error(None, self.message)


def from_validation_error(error: ValidationError, *, code: str = "invalid") -> ServiceError:
    """A model's `full_clean()` refusal, as the one error type (messages kept, per field)."""
    if hasattr(error, "error_dict"):
        errors = {name: [str(message) for message in messages] for name, messages in error.message_dict.items()}
        first = next((messages[0] for messages in errors.values() if messages), str(error))
        return ServiceError(first, code=code, errors=errors)
    messages = [str(message) for message in error.messages]
    return ServiceError(messages[0] if messages else str(error), code=getattr(error, "code", None) or code)


def full_clean_or_refuse(instance, *, exclude: list[str] | None = None) -> None:
    """`instance.full_clean()`, refusing with ServiceError instead of Django's ValidationError."""
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        raise from_validation_error(error) from error
