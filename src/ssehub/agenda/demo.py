"""The demo workshop's three-day agenda, mirroring the real programme of the ILO's virtual
capacity-building workshop on SSE policy (29 to 31 March 2021, hosted from Seoul; see
../shared/reference/sse_domain.md §4)."""

import datetime as dt
import zoneinfo

from django.db import transaction

from ssehub.accounts.models import User
from ssehub.agenda.enums import AttendanceSource, PersonRole, SessionKind, SurveyPhase
from ssehub.agenda.models import (
    Attendance,
    BreakoutRoom,
    DeliverySettings,
    LearningObjective,
    Material,
    ObjectiveRating,
    Session,
    SessionPerson,
    SurveyResponse,
)
from ssehub.agenda.services.attendance import certificates_issue
from ssehub.events.enums import RegistrationSource
from ssehub.events.models import Event
from ssehub.events.services import registration_register
from ssehub.programmes.models import Theme

DEMO_PRIORITY = 50
EVENT_SLUG = "sse-capacity-building-workshop-2021"
SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
COUNTRIES = ["CN", "JP", "KR", "PH", "MY", "ID"]
ORGANISER = "organiser@demo.ssehub.org"
FACILITATOR = "facilitator@demo.ssehub.org"
PARTICIPANT = "participant@demo.ssehub.org"
SNU = ("Seoul National University research team", "Country researchers' coordinator")
ILO = ("ILO project team", "International Labour Organization")

# (day, start, end, kind, theme code, title, description, speakers, facilitators, rooms)
SESSIONS = [
    (29, "10:00", "10:40", SessionKind.PLENARY, "", "Opening session",
     "Welcome by the ILO, the Ministry of Employment and Labour of the Republic of Korea and the Korea Social "
     "Enterprise Promotion Agency (KoSEA); the workshop's objectives, the tripartite delegations of China, "
     "Japan, the Republic of Korea, the Philippines, Malaysia and Indonesia, and how the three days fit together.",
     [ILO, ("KoSEA", "Korea Social Enterprise Promotion Agency")], [ORGANISER], []),
    (29, "10:40", "11:40", SessionKind.PLENARY, "", "SSE policy in Asia: what the six-country mapping found",
     "The research coordinated by Seoul National University: how each country recognises SSE entities, which "
     "laws and institutions support them, and why policymakers struggle to support what they cannot identify. "
     "Questions from the delegations follow.",
     [SNU], [ORGANISER], []),
    (29, "11:50", "13:10", SessionKind.PANEL, "formalisation", "Theme 1: SSE and the transition to the formal economy",
     "How cooperatives, mutual benefit associations and social enterprises help informal workers and units "
     "register, reach social protection and organise, with cases from the Philippines and Indonesia and the "
     "policy levers behind them.",
     [ILO, SNU], [ORGANISER], []),
    (29, "13:10", "13:40", SessionKind.NETWORKING, "", "Meet the delegations",
     "An informal half hour in small rooms: each participant introduces their organisation and one policy "
     "question they bring to the workshop.",
     [], [ORGANISER, FACILITATOR], []),
    (30, "10:00", "11:20", SessionKind.PANEL, "rural-decent-work", "Theme 2: Decent work in the rural economy",
     "Agricultural and farmers' cooperatives, village enterprises and community-based organisations as a route "
     "to decent rural jobs: what Korea's and Japan's cooperative laws offer, and what rural SSE units in "
     "Malaysia and China need from policy.",
     [ILO, SNU], [ORGANISER], []),
    (30, "11:30", "12:50", SessionKind.PANEL, "covid-recovery", "Theme 3: SSE responses to COVID-19 and recovery",
     "What SSE organisations did during the pandemic (food and care services, income support, local "
     "production of protective equipment) and how recovery plans and public procurement can build on it.",
     [ILO, ("KoSEA", "Korea Social Enterprise Promotion Agency")], [ORGANISER], []),
    (30, "13:10", "14:10", SessionKind.PLENARY, "", "Country presentations: China, Japan and the Republic of Korea",
     "Each delegation presents its SSE policy landscape in ten minutes: China's certification schemes and "
     "cooperative law, Japan's non-profit and worker cooperative laws, Korea's Social Enterprise Promotion "
     "Act and Framework Act on Cooperatives.",
     [], [ORGANISER], []),
    (30, "14:10", "15:10", SessionKind.PLENARY, "", "Country presentations: the Philippines, Malaysia and Indonesia",
     "The Philippines' cooperative code and the pending PRESENT bill, Malaysia's cooperative and social "
     "enterprise accreditation, Indonesia's gotong royong tradition and the national entrepreneurship agenda.",
     [], [ORGANISER, FACILITATOR], []),
    (31, "10:00", "10:30", SessionKind.PLENARY, "", "Action planning: method and tools",
     "How the labs work: a situation analysis, policy actions scored by each constituency with equal weight, "
     "and an impact-feasibility matrix to agree the delegation's priorities.",
     [ILO], [ORGANISER], []),
    (31, "10:30", "12:30", SessionKind.LAB, "", "Action-planning labs by country delegation",
     "Each tripartite delegation, with its country facilitator, sets its SSE policy agenda and prioritises "
     "policy actions. Rooms by delegation.",
     [], [FACILITATOR, ORGANISER],
     [("China", ["CN"]), ("Japan", ["JP"]), ("Republic of Korea", ["KR"]), ("Philippines", ["PH"]),
      ("Malaysia", ["MY"]), ("Indonesia", ["ID"])]),
    (31, "12:45", "13:35", SessionKind.PLENARY, "", "Report-back: six national SSE policy agendas",
     "Each delegation presents its three priority actions; peers from the other countries ask questions and "
     "offer experience.",
     [], [ORGANISER], []),
    (31, "13:35", "14:00", SessionKind.PLENARY, "", "Closing: next steps and the community of practice",
     "The policy briefs to come, follow-up of the action plans, the community of practice, and the "
     "post-workshop questionnaire.",
     [ILO], [ORGANISER], []),
]

OBJECTIVES = [
    "Explain what the social and solidarity economy is and how it is recognised in law and policy",
    "Compare SSE policy frameworks across the six countries",
    "Identify how SSE supports the transition to formality, rural decent work and the COVID-19 recovery",
    "Prioritise policy actions for my country with tripartite partners",
]


def _at(day: int, clock: str) -> dt.datetime:
    hour, minute = (int(part) for part in clock.split(":"))
    return dt.datetime(2021, 3, day, hour, minute, tzinfo=SEOUL).astimezone(dt.UTC)


@transaction.atomic
def load(*, stdout=None) -> Event | None:
    event = Event.objects.filter(slug=EVENT_SLUG).first()
    if event is None:
        return None
    users = {user.email: user for user in User.objects.filter(email__in=[ORGANISER, FACILITATOR, PARTICIPANT])}
    if ORGANISER in users:
        event.organisers.add(users[ORGANISER])
    for email in (FACILITATOR, PARTICIPANT):
        if email in users:
            # A registration from a confirmed invitation (calls demo) is kept as it is, source included.
            registration_register(event=event, user=users[email], source=RegistrationSource.DIRECT,
                                  actor=users.get(ORGANISER))
    themes = {theme.code: theme for theme in Theme.objects.filter(programme=event.programme_id)}
    for number, (day, start, end, kind, theme, title, description, speakers, facilitators, rooms) in enumerate(
        SESSIONS, start=1
    ):
        session, _created = Session.objects.update_or_create(
            event=event, title=title,
            defaults={
                "description": description, "kind": kind, "theme": themes.get(theme),
                "starts_at": _at(day, start), "ends_at": _at(day, end), "language": "en",
                "interpretation": ["ko", "zh", "ja"] if kind != SessionKind.LAB else [],
                "room_url": f"https://meet.jit.si/SSEPolicyAsia2021-{number:02d}",
            },
        )
        session.people.all().delete()
        people = [SessionPerson(session=session, role=PersonRole.SPEAKER, guest_name=name, affiliation=org,
                                position=i) for i, (name, org) in enumerate(speakers)]
        people += [SessionPerson(session=session, role=PersonRole.FACILITATOR, user=users[email], position=i)
                   for i, email in enumerate(facilitators) if email in users]
        SessionPerson.objects.bulk_create(people)
        session.rooms.all().delete()
        BreakoutRoom.objects.bulk_create([
            BreakoutRoom(session=session, name=name, countries=codes, position=i,
                         room_url=f"https://meet.jit.si/SSEPolicyAsia2021-lab-{codes[0].lower()}")
            for i, (name, codes) in enumerate(rooms)
        ])
        if number == 2:
            Material.objects.update_or_create(
                session=session, title="Project page: Strengthening SSE Policy in Asia",
                defaults={"kind": "link", "is_public": True,
                          "url": "https://www.ilo.org/global/topics/cooperatives/projects/WCMS_714983/lang--en/index.htm"},
            )
    objectives = [
        LearningObjective.objects.update_or_create(event=event, text=text, defaults={"position": position})[0]
        for position, text in enumerate(OBJECTIVES)
    ]
    DeliverySettings.objects.update_or_create(event=event, defaults={"certificate_threshold": 75})
    _past_workshop(event, users, objectives)
    if stdout:
        stdout.write(f"Agenda: {len(SESSIONS)} sessions over three days for {event.title}")
    return event


# The workshop is over: attendance, answers and certificates as they could have been.
# (email, sessions missed by title, pre scores, post scores, satisfaction, comment)
OUTCOMES = [
    (PARTICIPANT, {"Meet the delegations"}, [2, 2, 3, 2], [4, 4, 4, 4], 5,
     "The country labs helped our delegation agree on three priorities for the cooperative law review."),
    (FACILITATOR, set(), [3, 2, 3, 3], [4, 4, 5, 4], 4,
     "More time for the action-planning labs, please; the theme panels were rich."),
]


def _past_workshop(event: Event, users: dict, objectives: list[LearningObjective]) -> None:
    sessions = list(Session.objects.filter(event=event))
    organiser = users.get(ORGANISER)
    for email, missed, pre, post, satisfaction, comment in OUTCOMES:
        user = users.get(email)
        if user is None:
            continue
        for session in sessions:
            if session.title in missed:
                continue
            Attendance.objects.update_or_create(
                session=session, user=user,
                defaults={"source": AttendanceSource.ZOOM, "first_joined_at": session.starts_at,
                          "last_left_at": session.ends_at, "recorded_by": organiser,
                          "minutes": int((session.ends_at - session.starts_at).total_seconds() // 60)},
            )
        profile = getattr(user, "profile", None)
        for phase, scores in ((SurveyPhase.PRE, pre), (SurveyPhase.POST, post)):
            response, _created = SurveyResponse.objects.update_or_create(
                event=event, user=user, phase=phase,
                defaults={
                    "anonymous": email == FACILITATOR,
                    "satisfaction": satisfaction if phase == SurveyPhase.POST else None,
                    "comments": comment if phase == SurveyPhase.POST else "",
                    "country": profile.country if profile else "",
                    "constituency": profile.constituency if profile else "",
                },
            )
            for objective, score in zip(objectives, scores, strict=True):
                ObjectiveRating.objects.update_or_create(
                    response=response, objective=objective, defaults={"score": score})
    if organiser is not None:
        certificates_issue(event=event, actor=organiser)
