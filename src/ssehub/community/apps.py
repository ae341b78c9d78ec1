from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "ssehub.community"
    verbose_name = _("Community of practice")

    def ready(self) -> None:
        # Imported here: the registries (personal data, cards, rules) are filled once apps are loaded.
        from ssehub.community import cards, rules  # noqa: F401
        from ssehub.community.personal_data import collect
        from ssehub.core.personal_data import register_section

        register_section("community", collect)
        cards.register_builtin_cards()
        # Imported here as well: the atlas's registries, filled once apps are loaded.
        from ssehub.atlas.parts import register_instrument_part
        from ssehub.community.parts import instrument_cases

        register_instrument_part("community_cases", instrument_cases)
        # Apps that offer cases something to link to, or posts a card kind, say so in a module of
        # their own (`<app>/community_parts.py`): found here, so the community imports none of them.
        from ssehub.community.case_links import discover

        discover()
        # The directory's copy of what each member shows follows every save of a membership or a
        # profile (accounts saves profiles and must not import the community).
        from django.db.models.signals import post_save

        from ssehub.accounts.models import Profile
        from ssehub.community.directory import membership_saved, profile_saved
        from ssehub.community.models import Membership

        post_save.connect(profile_saved, sender=Profile, dispatch_uid="community.directory.profile")
        post_save.connect(membership_saved, sender=Membership, dispatch_uid="community.directory.membership")
