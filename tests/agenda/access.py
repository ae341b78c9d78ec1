"""Access rows for the agenda app. Per-event organisers are refused on other events: the generic
organiser below organises no event, so only admins pass the "manage" rows; the organiser of the
event itself is tested in tests/agenda/test_access.py, as are registered participants (the matrix
users are registered for nothing)."""

from tests.access import PUBLIC, SIGNED_IN, Access, only, public, signed_in

NOBODY = frozenset()


def _event():
    from tests.agenda.factories import EventFactory

    return {"event_slug": EventFactory().slug}


def _session():
    from tests.agenda.factories import SessionFactory

    session = SessionFactory()
    return {"event_slug": session.event.slug, "pk": session.pk}


def _material(is_public):
    def build():
        from tests.agenda.factories import MaterialFactory

        material = MaterialFactory(is_public=is_public)
        return {"event_slug": material.session.event.slug, "pk": material.pk}

    return build


def _registration():
    from tests.agenda.factories import EventFactory, register
    from tests.factories import make_user

    event = EventFactory()
    return {"event_slug": event.slug, "pk": register(event, make_user("participant")).pk}


def _token():
    from ssehub.agenda.services.sessions import calendar_token_for
    from tests.factories import make_user

    return {"token": calendar_token_for(user=make_user("participant")).token}


def _invitation():
    from ssehub.agenda.invitees import Invitee
    from ssehub.agenda.services.invitations import invitation_token, participants_invite
    from tests.agenda.factories import EventFactory
    from tests.factories import make_user

    event = EventFactory()
    result = participants_invite(event=event, actor=make_user("organiser"), language="en",
                                 people=[Invitee(line=1, email=f"invitee-{event.slug}@example.org")])
    return {"token": invitation_token(result.invited[0])}


def _manage(**options):
    return only("admin", **options)


ACCESS = {
    "agenda:agenda": public(kwargs=_event),
    "agenda:mine": signed_in(kwargs=_event),
    "agenda:ics": public(kwargs=_event),
    "agenda:session": public(kwargs=_session),
    "agenda:star": signed_in(kwargs=_session, method="post"),
    "agenda:join": Access(allowed=NOBODY, kwargs=_session),
    "agenda:material": Access(allowed=PUBLIC, kwargs=_material(True)),
    "agenda:survey": Access(allowed=NOBODY, kwargs=lambda: {**_event(), "phase": "pre"}),
    "agenda:certificate": Access(allowed=NOBODY, kwargs=_event),
    "agenda:timetable": _manage(kwargs=_event),
    "agenda:session_create": _manage(kwargs=_event),
    "agenda:session_edit": _manage(kwargs=_session),
    "agenda:session_delete": _manage(kwargs=_session, method="post", request=False,
                                     note="deletes on the first allowed request; tests/agenda/test_access.py"),
    "agenda:material_add": _manage(kwargs=_session, method="post",
                                   data=lambda: {"title": "Brief", "url": "https://www.ilo.org/b.pdf"}),
    "agenda:material_delete": _manage(kwargs=_material(False), method="post", request=False,
                                      note="deletes on the first allowed request; tests/agenda/test_access.py"),
    "agenda:registrations": _manage(kwargs=_event),
    "agenda:invite": _manage(kwargs=_event, method="post",
                             data=lambda: {"people": "new-person@example.org, Ana Cruz, PH", "language": "en"}),
    "agenda:registration_cancel": _manage(kwargs=_registration, method="post"),
    "agenda:announcements": _manage(kwargs=_event),
    "agenda:attendance": _manage(kwargs=_event),
    "agenda:attendance_mark": _manage(kwargs=_event, method="post"),
    "agenda:attendance_import": _manage(kwargs=_event),
    "agenda:attendance_share": _manage(kwargs=_event, method="post",
                                       data=lambda: {"attended_share": 60, "version": 0}),
    "agenda:attendance_export": _manage(kwargs=lambda: {**_event(), "fmt": "csv"}),
    "agenda:certificates": _manage(kwargs=_event),
    "agenda:evaluation": _manage(kwargs=_event),
    "agenda:evaluation_objectives": _manage(kwargs=_event, method="post", data=lambda: {"objectives": "Know SSE"}),
    "agenda:evaluation_remind": _manage(kwargs=_event, method="post", data=lambda: {"phase": "pre"}),
    "agenda:evaluation_export": _manage(kwargs=_event),
    "agenda_public:verify": public(),
    "agenda_public:calendar": Access(allowed=SIGNED_IN),
    "agenda_public:personal_ics": public(kwargs=_token),
    "agenda_public:invitation_accept": public(kwargs=_invitation),
}
