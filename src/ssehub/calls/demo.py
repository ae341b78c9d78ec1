"""The demo workshop's closed call, mirroring the real one: tripartite delegations from six countries,
a limited number of participants (37 took part). Applicants are synthetic but plausible people."""

import datetime as dt
import random
import zoneinfo

from django.db import transaction

from ssehub.accounts.models import User
from ssehub.accounts.selectors import profile_for
from ssehub.calls.enums import ApplicationStatus, Outcome, QuestionKind
from ssehub.calls.models import Application, Assignment, Call, Criterion, Question
from ssehub.calls.organisations import normalise
from ssehub.calls.services.reviews import review_save
from ssehub.calls.services.selection import selection_adopt, selection_override, selection_run
from ssehub.events.models import Event

DEMO_PRIORITY = 40
WORKSHOP = "sse-capacity-building-workshop-2021"
CONFERENCE = "sse-research-conference-2020"
SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
COUNTRIES = ["CN", "JP", "KR", "PH", "MY", "ID"]

# (name, gender, constituency, organisation) per country: two of each tripartite constituent,
# SSE practitioners and researchers.
PEOPLE = {
    "CN": [("Li Na (李娜)", "woman", "government", "Ministry of Agriculture and Rural Affairs"),
           ("Zhang Wei (张伟)", "man", "government", "Ministry of Civil Affairs"),
           ("Chen Jing (陈静)", "woman", "employers", "China Enterprise Confederation"),
           ("Liu Yang (刘洋)", "man", "employers", "China Enterprise Confederation"),
           ("Wang Fang (王芳)", "woman", "workers", "All-China Federation of Trade Unions"),
           ("Zhao Lei (赵磊)", "man", "workers", "All-China Federation of Trade Unions"),
           ("Huang Min (黄敏)", "woman", "sse_practitioner", "Chengdu Social Enterprise Association"),
           ("Sun Hao (孙浩)", "man", "sse_practitioner", "Farmers' Specialised Cooperative of Mianyang"),
           ("Zhou Xiaoyan (周晓燕)", "woman", "researcher", "Peking University"),
           ("Wu Jun (吴军)", "man", "researcher", "Beijing Normal University")],
    "JP": [("Sato Yuki (佐藤由紀)", "woman", "government", "Ministry of Health, Labour and Welfare"),
           ("Suzuki Kenji (鈴木健二)", "man", "government", "Cabinet Office"),
           ("Takahashi Mai (高橋舞)", "woman", "employers", "Japan Business Federation (Keidanren)"),
           ("Watanabe Taro (渡辺太郎)", "man", "employers", "Japan Business Federation (Keidanren)"),
           ("Ito Akiko (伊藤明子)", "woman", "workers", "Japanese Trade Union Confederation (RENGO)"),
           ("Yamamoto Koji (山本浩二)", "man", "workers", "Japanese Trade Union Confederation (RENGO)"),
           ("Nakamura Emi (中村恵美)", "woman", "sse_practitioner", "Japan Workers' Co-operative Union"),
           ("Kobayashi Daisuke (小林大輔)", "man", "sse_practitioner", "Japanese Consumers' Co-operative Union"),
           ("Kato Naoko (加藤直子)", "woman", "researcher", "Meiji University"),
           ("Yoshida Satoshi (吉田聡)", "man", "researcher", "Rikkyo University")],
    "KR": [("Kim Ji-yeon (김지연)", "woman", "government", "Ministry of Employment and Labor"),
           ("Lee Sung-ho (이성호)", "man", "government", "Ministry of the Interior and Safety"),
           ("Park Hye-jin (박혜진)", "woman", "employers", "Korea Enterprises Federation"),
           ("Choi Dong-hyun (최동현)", "man", "employers", "Korea Enterprises Federation"),
           ("Jung Mi-kyung (정미경)", "woman", "workers", "Federation of Korean Trade Unions"),
           ("Kang Min-soo (강민수)", "man", "workers", "Korean Confederation of Trade Unions"),
           ("Yoon Seo-hee (윤서희)", "woman", "sse_practitioner", "Seoul Social Economy Center"),
           ("Jang Woo-jin (장우진)", "man", "sse_practitioner", "Korea Social Enterprise Promotion Agency"),
           ("Lim Eun-ji (임은지)", "woman", "researcher", "Seoul National University"),
           ("Han Jae-won (한재원)", "man", "researcher", "Sungkonghoe University")],
    "PH": [("Ma. Cristina Dela Cruz", "woman", "government", "Cooperative Development Authority"),
           ("Jose Miguel Santos", "man", "government", "Department of Labor and Employment"),
           ("Ana Liza Bautista", "woman", "employers", "Employers Confederation of the Philippines"),
           ("Ramon Villanueva", "man", "employers", "Employers Confederation of the Philippines"),
           ("Rosario Mendoza", "woman", "workers", "Trade Union Congress of the Philippines"),
           ("Eduardo Ramos", "man", "workers", "Federation of Free Workers"),
           ("Grace Aquino", "woman", "sse_practitioner", "Philippine Social Enterprise Network"),
           ("Benjamin Garcia", "man", "sse_practitioner", "NATCCO Network"),
           ("Teresa Navarro", "woman", "researcher", "University of the Philippines Diliman"),
           ("Antonio Reyes", "man", "researcher", "Ateneo de Manila University")],
    "MY": [("Nurul Huda binti Ismail", "woman", "government", "Ministry of Entrepreneur Development and Cooperatives"),
           ("Ahmad Faizal bin Hassan", "man", "government", "Malaysia Co-operative Societies Commission"),
           ("Tan Mei Ling", "woman", "employers", "Malaysian Employers Federation"),
           ("Rajesh Kumar a/l Subramaniam", "man", "employers", "Malaysian Employers Federation"),
           ("Siti Aminah binti Yusof", "woman", "workers", "Malaysian Trades Union Congress"),
           ("Lim Wei Jie", "man", "workers", "Malaysian Trades Union Congress"),
           ("Farah Nadia binti Abdullah", "woman", "sse_practitioner", "Angkatan Koperasi Kebangsaan Malaysia"),
           ("Wong Kar Fai", "man", "sse_practitioner", "Social Enterprise Alliance Malaysia"),
           ("Priya Devi a/p Ramasamy", "woman", "researcher", "Universiti Kebangsaan Malaysia"),
           ("Mohd Hafiz bin Omar", "man", "researcher", "Universiti Sains Malaysia")],
    "ID": [("Dewi Lestari", "woman", "government", "Ministry of Cooperatives and SMEs"),
           ("Budi Santoso", "man", "government", "Ministry of National Development Planning (Bappenas)"),
           ("Ratna Sari", "woman", "employers", "Employers' Association of Indonesia (APINDO)"),
           ("Agus Wijaya", "man", "employers", "Employers' Association of Indonesia (APINDO)"),
           ("Sri Wahyuni", "woman", "workers", "Confederation of Indonesian Trade Unions (KSPI)"),
           ("Eko Prasetyo", "man", "workers", "Confederation of All Indonesian Workers' Unions (KSPSI)"),
           ("Nur Aini", "woman", "sse_practitioner", "Yayasan Bina Swadaya"),
           ("Hendra Gunawan", "man", "sse_practitioner", "Koperasi Kredit Indonesia (Inkopdit)"),
           ("Wulan Purnamasari", "woman", "researcher", "Universitas Gadjah Mada"),
           ("Rizky Hidayat", "man", "researcher", "Universitas Indonesia")],
}
LANGUAGE = {"CN": "zh-hans", "JP": "ja", "KR": "ko", "PH": "fil", "MY": "ms", "ID": "id"}
CRITERIA = [
    ("Role in national SSE policy", "How far the applicant can carry the workshop's results into policy.", 3),
    ("Experience with SSE organisations", "Practical or research experience with cooperatives, social "
     "enterprises or other SSE units.", 2),
    ("Commitment to the action plan", "Readiness to work on the country's action plan after the workshop.", 1),
]
QUESTIONS = [
    (QuestionKind.LONG_TEXT, "What SSE policy change are you working on, and what is your role in it?", True, []),
    (QuestionKind.SINGLE_CHOICE, "Which workshop theme matters most to your work?", True,
     ["Transition to the formal economy", "Decent work in the rural economy", "SSE responses to COVID-19 and recovery"]),
    (QuestionKind.YES_NO, "Can you attend all three half-day sessions (29-31 March 2021, Seoul time)?", True, []),
    (QuestionKind.PDF, "Short CV (PDF, up to 5 MB)", False, []),
]
THEME_ANSWERS = QUESTIONS[1][3]


def _user(email: str, country: str, name: str, gender: str, constituency: str, organisation: str) -> User:
    user, created = User.objects.get_or_create(email=email)
    if created:
        user.set_unusable_password()
        user.save()
    profile = profile_for(user)
    profile.full_name, profile.gender, profile.constituency = name, gender, constituency
    profile.organisation, profile.country = organisation, country
    profile.preferred_language = LANGUAGE[country]
    profile.save()
    return user


def _organiser_overrides(call: Call, organiser: User) -> None:
    """What organisers really do after adopting: one selected person cannot come, the first on the
    waiting list takes the seat. Through the service, so the action log shows both."""
    selected = call.applications.filter(outcome=Outcome.SELECTED).order_by("raw_score", "pk").first()
    waiting = call.applications.filter(outcome=Outcome.WAITING).order_by("waiting_rank", "pk").first()
    if selected is None or waiting is None:
        return
    selection_override(call=call, actor=organiser, application=selected, outcome=Outcome.NOT_SELECTED,
                       reason="Cannot attend all three sessions (wrote to the organisers).")
    selection_override(call=call, actor=organiser, application=waiting, outcome=Outcome.SELECTED,
                       reason="First on the waiting list: takes the free seat.")


@transaction.atomic
def load(*, stdout=None) -> Call | None:
    workshop = Event.objects.filter(slug=WORKSHOP).first()
    if workshop is None:
        return None
    organiser = User.objects.filter(email="organiser@demo.ssehub.org").first()
    reviewer = User.objects.filter(email="reviewer@demo.ssehub.org").first()
    # Second reviewer: the demo researcher (University of Malaya), an outside academic reader.
    researcher = User.objects.filter(email="researcher@demo.ssehub.org").first()
    workshop.capacity = 37
    workshop.eligible_countries = COUNTRIES
    workshop.save()
    for event in Event.objects.filter(slug__in=[WORKSHOP, CONFERENCE]):
        if organiser:
            event.organisers.add(organiser)
    call, _created = Call.objects.update_or_create(
        event=workshop, title="Call for participants: Virtual Capacity-Building Workshop on SSE Policy",
        defaults={
            "description": (
                "The workshop invites a limited number of participants to allow close interaction: tripartite "
                "delegations (government, employers' and workers' organisations) with SSE practitioners and "
                "researchers from China, Japan, the Republic of Korea, the Philippines, Malaysia and Indonesia."),
            "opens_at": dt.datetime(2021, 1, 18, 9, 0, tzinfo=SEOUL),
            "closes_at": dt.datetime(2021, 2, 19, 18, 0, tzinfo=SEOUL),
            "data_protection_notice": (
                "Purpose: to select a balanced group of workshop participants. Who sees the data: the ILO project "
                "team organising the workshop and the reviewers assigned to your application. Retention: "
                "applications are deleted twelve months after the workshop; you can download or delete your "
                "data from your profile at any time."),
            "seats": 37, "reviewers_per_application": 2, "women_min_share": "0.450",
            "max_per_organisation": 2, "waiting_list_size": 8,
            "country_rules": {code: {"min": 5, "max": 7, "government": 1, "employers": 1, "workers": 1}
                              for code in COUNTRIES},
        },
    )
    for position, (kind, text, required, choices) in enumerate(QUESTIONS):
        Question.objects.update_or_create(call=call, position=position, defaults={
            "kind": kind, "text": text, "required": required, "choices": choices})
    criteria = []
    for position, (title, description, weight) in enumerate(CRITERIA):
        criterion, _c = Criterion.objects.update_or_create(call=call, position=position, defaults={
            "title": title, "description": description, "weight": weight})
        criteria.append(criterion)
    reviewers = [user for user in (reviewer, researcher or organiser) if user]
    call.reviewers.set(reviewers[:2])
    rng = random.Random(2021)
    questions = list(call.questions.order_by("position"))
    for code, people in PEOPLE.items():
        for number, (name, gender, constituency, organisation) in enumerate(people):
            user = _user(f"applicant.{code.lower()}{number + 1}@demo.ssehub.org", code, name, gender,
                         constituency, organisation)
            application, _c = Application.objects.update_or_create(call=call, applicant=user, defaults={
                "status": ApplicationStatus.SUBMITTED, "full_name": name, "email": user.email,
                "organisation": organisation, "organisation_key": normalise(organisation), "country": code,
                "constituency": constituency, "gender": gender, "language": LANGUAGE[code],
                "submitted_at": dt.datetime(2021, 2, 1 + number, 10, 0, tzinfo=SEOUL),
                "accepted_notice_at": dt.datetime(2021, 2, 1 + number, 10, 0, tzinfo=SEOUL),
            })
            answers = [f"As a member of {organisation}, I follow the national SSE policy debate and would bring "
                       "the workshop's action plan back to my organisation.",
                       THEME_ANSWERS[(number + len(code)) % 3], True]
            for question, value in zip(questions[:3], answers, strict=True):
                application.answers.update_or_create(question=question, defaults={"value": value})
            for person in reviewers[:2]:
                if normalise(profile_for(person).organisation) == application.organisation_key:
                    continue
                assignment, _c = Assignment.objects.get_or_create(application=application, reviewer=person)
                if not hasattr(assignment, "review"):
                    lean = 0 if person == reviewer else 1  # the second reviewer is more lenient
                    scores = {str(c.pk): min(5, max(1, rng.randint(2, 4) + lean + (number % 3 == 0)))
                              for c in criteria}
                    review_save(assignment=assignment, reviewer=person, scores=scores)
    if organiser and not call.runs.exists():
        run = selection_run(call=call, actor=organiser)
        if run.status == "optimal":
            selection_adopt(run=run, actor=organiser)
            _organiser_overrides(call, organiser)
    if stdout:
        stdout.write(f"Call: {call.title} ({call.applications.count()} applications, 37 seats)")
    return call
