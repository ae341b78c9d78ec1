"""Who may do what in the atlas. Published records are public; drafts only reach editors."""

import rules

from ssehub.accounts.rules import is_editor, is_researcher


@rules.predicate
def is_published(user, instrument) -> bool:
    return instrument is not None and instrument.is_published


can_view_instrument = is_published | is_editor
can_propose = is_researcher & is_published

rules.add_perm("atlas.view_instrument", can_view_instrument)
rules.add_perm("atlas.add_instrument", is_editor)
rules.add_perm("atlas.change_instrument", is_editor)
rules.add_perm("atlas.publish_instrument", is_editor)
rules.add_perm("atlas.import_instruments", is_editor)
rules.add_perm("atlas.view_history", is_editor | is_researcher)
rules.add_perm("atlas.propose_change", can_propose)
rules.add_perm("atlas.propose_instrument", is_researcher)
rules.add_perm("atlas.review_proposal", is_editor)
rules.add_perm("atlas.view_drafts", is_editor)
rules.add_perm("atlas.change_relations", is_editor)
rules.add_perm("atlas.add_institution", is_editor)
rules.add_perm("atlas.change_institution", is_editor)
