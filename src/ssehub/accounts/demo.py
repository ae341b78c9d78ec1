"""One demo account per role, so a newcomer can see every side of the platform."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.db import transaction

from ssehub.accounts.enums import Constituency, Gender, Role
from ssehub.accounts.models import User
from ssehub.accounts.selectors import profile_for
from ssehub.accounts.services import role_assign

DEMO_PRIORITY = 20
DEMO_PASSWORD = "sse-demo-2021"  # noqa: S105 - a public demo credential, printed by load_demo
# Base32 secret shared by the demo's staff accounts; add it to any authenticator app.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - public, demo only

DEMO_USERS = [
    (Role.ADMIN, "admin@demo.ssehub.org", "Amani Okafor", "ILO Regional Office", "TH",
     Constituency.INTERNATIONAL, Gender.WOMAN, "Asia/Bangkok", ["en", "fr"]),
    (Role.ORGANISER, "organiser@demo.ssehub.org", "Park Seo-yeon (박서연)", "ILO Korea project team", "KR",
     Constituency.INTERNATIONAL, Gender.WOMAN, "Asia/Seoul", ["ko", "en"]),
    (Role.REVIEWER, "reviewer@demo.ssehub.org", "Tanaka Hiroshi (田中浩)", "University researcher", "JP",
     Constituency.RESEARCHER, Gender.MAN, "Asia/Tokyo", ["ja", "en"]),
    (Role.FACILITATOR, "facilitator@demo.ssehub.org", "Maria Luisa Reyes", "Cooperative Development Authority",
     "PH", Constituency.GOVERNMENT, Gender.WOMAN, "Asia/Manila", ["fil", "en"]),
    (Role.PARTICIPANT, "participant@demo.ssehub.org", "Siti Rahmawati", "Koperasi Serba Usaha", "ID",
     Constituency.SSE_PRACTITIONER, Gender.WOMAN, "Asia/Jakarta", ["id", "en"]),
    (Role.EDITOR, "editor@demo.ssehub.org", "Wang Lei (王磊)", "Atlas editorial team", "CN",
     Constituency.RESEARCHER, Gender.MAN, "Asia/Shanghai", ["zh", "en"]),
    (Role.RESEARCHER, "researcher@demo.ssehub.org", "Nur Aisyah Ahmad", "University of Malaya", "MY",
     Constituency.RESEARCHER, Gender.WOMAN, "Asia/Kuala_Lumpur", ["ms", "en"]),
    (Role.MEMBER, "member@demo.ssehub.org", "Lee Min-jun (이민준)", "Korean Confederation of Trade Unions",
     "KR", Constituency.WORKERS, Gender.MAN, "Asia/Seoul", ["ko"]),
]


@transaction.atomic
def load(*, stdout=None) -> list[User]:
    users = []
    for role, email, name, organisation, country, constituency, gender, zone, languages in DEMO_USERS:
        user, created = User.objects.get_or_create(email=email)
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        profile = profile_for(user)
        if created:
            profile.full_name = name
            profile.organisation = organisation
            profile.country = country
            profile.constituency = constituency
            profile.gender = gender
            profile.time_zone = zone
            profile.time_zone_chosen = True
            profile.languages = languages
            profile.save()
        if role != Role.MEMBER:
            role_assign(user=user, role=role)
        if role in (Role.ADMIN, Role.ORGANISER, Role.EDITOR) and not Authenticator.objects.filter(
            user=user, type=Authenticator.Type.TOTP
        ).exists():
            TOTP.activate(user, DEMO_TOTP_SECRET)
        users.append(user)
    if stdout:
        stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for role, email, *_rest in DEMO_USERS:
            stdout.write(f"  {role.label:<22} {email}")
        stdout.write(
            "Admin, organiser and editor sign in with a second factor: add the TOTP secret "
            f"{DEMO_TOTP_SECRET} to an authenticator app, or run `make demo-code` for the current code."
        )
    return users
