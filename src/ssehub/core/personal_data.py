"""Each app that stores personal data registers a section for the "download my data" file."""

from collections.abc import Callable

PersonalDataSection = Callable[..., object]
_sections: dict[str, PersonalDataSection] = {}


def register_section(name: str, collect: PersonalDataSection) -> None:
    """`collect(user=...)` returns JSON-serialisable data about that user for the export."""
    _sections[name] = collect


def registered_sections() -> dict[str, PersonalDataSection]:
    return dict(_sections)
