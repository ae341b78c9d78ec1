"""The admin shows agenda records but cannot change them: a session saved there would raise no
SEQUENCE, mail nobody and leave no trace in the action log."""

import pytest
from django.urls import reverse

from ssehub.agenda.models import Session
from tests.factories import make_user


@pytest.mark.django_db
def test_admin_shows_a_session_but_cannot_change_or_delete_it(client, session):
    title = session.title
    client.force_login(make_user("admin"))
    change_url = reverse("admin:agenda_session_change", args=[session.pk])
    page = client.get(change_url)
    assert (page.status_code, session.title in page.content.decode()) == (200, True)
    assert 'name="_save"' not in page.content.decode()
    assert client.post(change_url, {"title": "Edited in the admin"}).status_code == 403
    delete_url = reverse("admin:agenda_session_delete", args=[session.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    session.refresh_from_db()
    assert (session.title, session.sequence, Session.objects.count()) == (title, 0, 1)
