"""The workspace: four steps, the situation analysis and the actions, with polling for others' changes."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import http_date
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ssehub.accounts.enums import Role
from ssehub.core.errors import ServiceError
from ssehub.events.models import Event
from ssehub.planning import selectors
from ssehub.planning.enums import Step, StepState
from ssehub.planning.forms import ActionForm, AnalysisItemForm, UpdateForm
from ssehub.planning.models import Delegation, Member
from ssehub.planning.services import followup, workspace
from ssehub.planning.views.common import can, delegation_for


def _workspace_context(request, delegation: Delegation) -> dict:
    """Everything the workspace shows; the polled part (`_live.html`) is all of it but the heading."""
    actions = list(selectors.actions_of(delegation))
    ranking = selectors.ranking(delegation, actions=actions)
    results = {result.action: result for result in ranking.results}
    return {
        "delegation": delegation, "can": can(request, delegation), "steps": delegation.steps(),
        "members": list(selectors.members_of(delegation)), "analysis": list(selectors.analysis_of(delegation)),
        "action_rows": [(action, results[action.pk]) for action in actions], "ranking": ranking,
        "top": [(ranking.actions[r.action], r) for r in ranking.results[:TOP] if r.score is not None],
        "atlas": selectors.atlas_options(delegation.country.code),
        "priorities": selectors.priorities_of(delegation) if delegation.is_final else [],
        "timeline": list(selectors.timeline_of(delegation)[:50]) if delegation.is_final else [],
        "languages": settings.LANGUAGES,
        "etag": _etag(delegation.revision, request),
    }


# How many of the best-ranked actions the workspace names (the ranking page has them all).
TOP = 5


@login_required
@require_safe
def workspace_view(request, pk: int):
    delegation = delegation_for(request, pk)
    return render(request, "planning/workspace.html", _workspace_context(request, delegation))


def _etag(revision: int, request) -> str:
    """The delegation's change counter, and whose page in which language: the browser's cache is
    private, but one browser may serve two people or switch languages."""
    return f'"d{revision}-u{request.user.pk}-{get_language()}"'


@login_required
@require_safe
def changes(request, pk: int):
    """The polled part of the workspace: every part that others' changes can alter (steps, analysis,
    actions with their score counts and rank, the agreed list, follow-up, members). One query decides
    both access and "anything new?": the delegation's change counter, with whether this person is in
    it or organises its event."""
    user = request.user
    row = (Delegation.objects.filter(pk=pk)
           .annotate(is_in=Exists(Member.objects.filter(delegation=OuterRef("pk"), user=user)),
                     # Listed as the event's organiser and still holding the role (as events.rules asks).
                     organises=Exists(Event.organisers.through.objects.filter(
                         event=OuterRef("event"), user=user, user__groups__name=Role.ORGANISER)))
           .values("revision", "changed_at", "is_in", "organises").first())
    if row is None:
        raise Http404
    if not (row["is_in"] or row["organises"] or user.is_superuser):
        return HttpResponse(status=403)
    etag = _etag(row["revision"], request)
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
        response["ETag"] = etag
        return response
    delegation = delegation_for(request, pk)
    response = render(request, "planning/_live.html", _workspace_context(request, delegation))
    response["ETag"] = etag
    response["Last-Modified"] = http_date(row["changed_at"].timestamp())
    response["Cache-Control"] = "private, no-cache"
    return response


@login_required
@require_POST
def step_view(request, pk: int, step: str):
    delegation = delegation_for(request, pk, "planning.facilitate")
    if step not in Step.values:
        raise Http404
    state = request.POST.get("state", "")
    try:
        workspace.step_set(delegation=delegation, step=step, state=state, actor=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
        return _back(delegation, 400, request)
    label = dict(Step.choices)[step]
    if state == StepState.OPEN:
        messages.success(request, _("%(step)s is open.") % {"step": label})
    else:
        messages.success(request, _("%(step)s is closed.") % {"step": label})
    return redirect(delegation.get_absolute_url())


@login_required
@require_POST
def language_view(request, pk: int):
    delegation = delegation_for(request, pk, "planning.facilitate")
    try:
        workspace.plan_language_set(delegation=delegation, language=request.POST.get("language", ""),
                                    actor=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
        return _back(delegation, 400, request)
    messages.success(request, _("The plan's files will be written in the chosen language."))
    return redirect(delegation.get_absolute_url())


def _back(delegation, status, request):
    return render(request, "planning/workspace.html", _workspace_context(request, delegation), status=status)


@login_required
@require_http_methods(["GET", "POST"])
def analysis_edit(request, pk: int, item_pk: int | None = None):
    delegation = delegation_for(request, pk, "planning.contribute")
    item = get_object_or_404(delegation.analysis_items, pk=item_pk) if item_pk else None
    initial = {"dimension": request.GET.get("dimension", ""), "kind": request.GET.get("kind", "challenge")}
    form = AnalysisItemForm(request.POST or None, instance=item, country=delegation.country.code,
                            initial=None if item else initial)
    context = {"form": form, "delegation": delegation, "item": item}
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in ("kind", "text", "dimension", "instruments")}
        try:
            if item is None:
                workspace.analysis_item_create(delegation=delegation, actor=request.user, data=data)
            else:
                workspace.analysis_item_update(item=item, actor=request.user, data=data,
                                               expected_version=form.cleaned_data.get("version"))
        except ServiceError as error:
            error.add_to_form(form)
            if error.is_stale:
                # The other person's saved version beside the refusal; this person's text stays in the form.
                context["current"] = selectors.analysis_of(delegation).get(pk=item.pk)
            return render(request, "planning/analysis_form.html", context, status=409 if error.is_stale else 400)
        return redirect(delegation.get_absolute_url() + "#analysis")
    return render(request, "planning/analysis_form.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request, pk: int, action_pk: int | None = None):
    delegation = delegation_for(request, pk, "planning.contribute")
    action = None
    if action_pk is not None:
        try:
            action = selectors.action_of(delegation, action_pk)
        except delegation.actions.model.DoesNotExist as missing:
            raise Http404 from missing
    form = ActionForm(request.POST or None, instance=action, delegation=delegation)
    context = {"form": form, "delegation": delegation, "action": action}
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in ActionForm.Meta.fields}
        try:
            if action is None:
                action = workspace.action_create(delegation=delegation, actor=request.user, data=data)
            else:
                workspace.action_update(action=action, actor=request.user, data=data,
                                        expected_version=form.cleaned_data.get("version"))
        except ServiceError as error:
            error.add_to_form(form)
            if error.is_stale:
                context["current"] = selectors.action_of(delegation, action.pk)
            return render(request, "planning/action_form.html", context, status=409 if error.is_stale else 400)
        messages.success(request, _("The action is saved."))
        return redirect(delegation.get_absolute_url() + "#actions")
    return render(request, "planning/action_form.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def action_detail(request, pk: int, action_pk: int):
    """One action with its follow-up: dated updates, and the form to add one once the plan is final."""
    delegation = delegation_for(request, pk)
    try:
        action = selectors.action_of(delegation, action_pk)
    except delegation.actions.model.DoesNotExist as missing:
        raise Http404 from missing
    may_update = request.user.has_perm("planning.follow_up", delegation) and delegation.is_final
    form = UpdateForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm("planning.follow_up", delegation):
            raise PermissionDenied
        if not delegation.is_final:
            form.add_error(None, _("Progress is reported once the plan is final."))
            may_update = True  # show the refusal on the form
        elif form.is_valid():
            try:
                followup.update_add(action=action, actor=request.user, data=form.cleaned_data)
            except ServiceError as error:
                error.add_to_form(form)
            else:
                messages.success(request, _("The update is saved."))
                return redirect("planning:action_detail", pk=delegation.pk, action_pk=action.pk)
    return render(request, "planning/action_detail.html", {
        "delegation": delegation, "action": action, "updates": list(action.updates.select_related("author__profile")),
        "form": form if may_update else None, "comments": selectors.comments_on(action),
    }, status=400 if form.errors else 200)
