"""Form fields every app can use."""

from django import forms

from ssehub.core.timezones import is_valid_timezone, zone_choices


class TimeZoneField(forms.ChoiceField):
    """A zone picker: canonical zones only, named in the reader's language with their offset now,
    sorted by offset. A plain <select>, so it works without JavaScript and the browser's type-ahead
    applies; a saved alias (an old profile's "Asia/Calcutta") stays selectable so the form still saves.
    """

    def __init__(self, *, empty_label: str | None = None, **kwargs):
        self.empty_label = empty_label
        super().__init__(choices=(), **kwargs)
        self.widget.attrs.setdefault("autocomplete", "off")

    def offer(self, current: str = "") -> None:
        """Fill the choices in the active language; call it when the form is made (per request)."""
        choices = zone_choices(keep=current)
        self.choices = ([("", self.empty_label)] if self.empty_label is not None else []) + choices

    def valid_value(self, value) -> bool:
        return is_valid_timezone(value) and super().valid_value(value)
