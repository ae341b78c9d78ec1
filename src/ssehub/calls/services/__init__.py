"""Writes of the calls app, one module per area: set-up, applications, review, selection,
communication, exports. Every refusal is `ssehub.core.errors.ServiceError`; every change of
importance ends with `log_action`, scoped to the call's event. The verbs are declared here, once.

Only changes of a call's settings and rules take the call as their logged object: a stale-edit
refusal names whoever last changed the call's record, so other actions on a call (invitations,
exports, the reviewer pool) name the call in their data instead."""

from django.utils.translation import gettext_lazy as _

from ssehub.core.actionlog import action_verb

CALL_CREATED = action_verb("calls.call.create", _("Created a call"))
CALL_UPDATED = action_verb("calls.call.update", _("Changed a call's settings"))
QUESTION_ADDED = action_verb("calls.question.add", _("Added a question"))
QUESTION_DELETED = action_verb("calls.question.delete", _("Removed a question"))
CRITERION_ADDED = action_verb("calls.criterion.add", _("Added a rubric criterion"))
CRITERION_DELETED = action_verb("calls.criterion.delete", _("Removed a rubric criterion"))
APPLICATION_SUBMITTED = action_verb("calls.application.submit", _("Submitted an application"))
APPLICATION_WITHDRAWN = action_verb("calls.application.withdraw", _("Withdrew an application"))
REVIEWERS_CHANGED = action_verb("calls.reviewers.update", _("Changed the reviewer pool"))
ASSIGNED = action_verb("calls.assignment.create", _("Assigned reviewers"))
REVIEW_SUBMITTED = action_verb("calls.review.submit", _("Submitted a review"))
REVIEWERS_REMINDED = action_verb("calls.reviewers.remind", _("Reminded reviewers"))
RULES_SAVED = action_verb("calls.selection.rules", _("Saved the selection rules"))
PINNED = action_verb("calls.selection.pin", _("Pinned an applicant in or out"))
SELECTION_RUN = action_verb("calls.selection.run", _("Ran the selection"))
REPLACEMENT_PROPOSED = action_verb("calls.selection.replacement", _("Asked for a replacement proposal"))
SELECTION_ADOPTED = action_verb("calls.selection.adopt", _("Adopted a selection"))
OVERRIDDEN = action_verb("calls.selection.override", _("Overrode a selection outcome"))
INVITED = action_verb("calls.invitation.create", _("Invited selected applicants"))
REPLACEMENT_INVITED = action_verb("calls.invitation.replacement", _("Invited a replacement"))
INVITATION_CONFIRMED = action_verb("calls.invitation.confirm", _("Confirmed an invitation"))
INVITATION_DECLINED = action_verb("calls.invitation.decline", _("Declined an invitation"))
INVITATION_EXPIRED = action_verb("calls.invitation.expire", _("Marked an invitation expired"))
INVITATIONS_REMINDED = action_verb("calls.invitation.remind", _("Reminded invitees"))
TEMPLATE_SAVED = action_verb("calls.template.save", _("Saved an e-mail template"))
MAIL_QUEUED = action_verb("calls.mail.enqueue", _("Queued e-mails to applicants"))
EXPORTED = action_verb("calls.export", _("Exported personal data"))
