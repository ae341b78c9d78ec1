from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ssehub.community import selectors
from ssehub.community.forms import DecisionForm, SuspendForm
from ssehub.community.models import Category, CommunityInstitution, Flag, Membership, Post, Topic
from ssehub.community.services import membership as membership_services
from ssehub.community.services import moderation as services
from ssehub.community.views.common import refuse, require_perm
from ssehub.core.actionlog import LogFilters, entries_filtered, verb_label
from ssehub.core.errors import ServiceError

LOG_ROWS = 200


def _moderator(request) -> None:
    require_perm(request, "community.moderate")


@login_required
def queue(request):
    _moderator(request)
    return render(request, "community/moderation.html", {**selectors.moderation_queue(),
                                                          "decision_form": DecisionForm()})


@login_required
def log(request):
    _moderator(request)
    entries = list(entries_filtered(filters=LogFilters(verb="community.moderation"))[:LOG_ROWS])
    for entry in entries:
        entry.label = verb_label(entry.verb)
    return render(request, "community/moderation_log.html", {"entries": entries})


def _back(request, default: str = "community:moderation"):
    return redirect(request.POST.get("next") if str(request.POST.get("next", "")).startswith("/community/")
                    else default)


def _decide(request, record, decide, done: str):
    """A moderator's approve / decline of a request to join or an institution's application."""
    _moderator(request)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to approve or decline."))
        return redirect("community:moderation")
    try:
        decide(record, actor=request.user, approve=form.cleaned_data["decision"] == "approve",
               message=form.cleaned_data["message"])
        messages.success(request, done)
    except ServiceError as error:
        refuse(request, error)
    return redirect("community:moderation")


@login_required
@require_POST
def membership_decide(request, pk: int):
    return _decide(request, get_object_or_404(Membership, pk=pk),
                   lambda record, **kw: membership_services.membership_decide(membership=record, **kw),
                   _("The decision is saved and the person was told."))


@login_required
@require_POST
def institution_decide(request, pk: int):
    return _decide(request, get_object_or_404(CommunityInstitution, pk=pk),
                   lambda record, **kw: membership_services.institution_decide(institution=record, **kw),
                   _("The decision is saved."))


@login_required
@require_POST
def post_hide(request, pk: int):
    _moderator(request)
    post = get_object_or_404(Post, pk=pk)
    try:
        services.post_hide(post=post, actor=request.user, reason=request.POST.get("reason", ""))
        messages.success(request, _("The post is hidden."))
    except ServiceError as error:
        refuse(request, error)
    return _back(request)


@login_required
@require_POST
def post_approve(request, pk: int):
    _moderator(request)
    post = get_object_or_404(Post, pk=pk)
    try:
        services.post_approve(post=post, actor=request.user)
        messages.success(request, _("The post is approved."))
    except ServiceError as error:
        refuse(request, error)
    return _back(request)


@login_required
@require_POST
def flag_dismiss(request, pk: int):
    _moderator(request)
    flag = get_object_or_404(Flag, pk=pk)
    try:
        services.flag_dismiss(flag=flag, actor=request.user)
    except ServiceError as error:
        refuse(request, error)
    return redirect("community:moderation")


@login_required
@require_POST
def topic_moderate(request, pk: int):
    _moderator(request)
    topic = get_object_or_404(Topic, pk=pk)
    action = request.POST.get("action", "")
    try:
        if action in ("lock", "unlock"):
            services.topic_set_flags(topic=topic, actor=request.user, locked=action == "lock")
        elif action in ("pin", "unpin"):
            services.topic_set_flags(topic=topic, actor=request.user, pinned=action == "pin")
        elif action == "move":
            category = get_object_or_404(Category, pk=request.POST.get("category") or 0)
            services.topic_move(topic=topic, actor=request.user, category=category)
    except ServiceError as error:
        refuse(request, error)
    return redirect("community:topic", pk=topic.pk)


@login_required
@require_POST
def member_suspend(request, handle: str):
    _moderator(request)
    membership = get_object_or_404(Membership, handle=handle)
    form = SuspendForm(request.POST)
    if form.is_valid():
        try:
            services.membership_suspend(membership=membership, actor=request.user, days=form.cleaned_data["days"],
                                        reason=form.cleaned_data["reason"])
            messages.success(request, _("The member cannot post until the suspension ends."))
        except ServiceError as error:
            refuse(request, error)
    else:
        messages.error(request, _("Give a number of days (1 to 365) and a reason."))
    return redirect("community:moderation")
