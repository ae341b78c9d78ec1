"""Cases, resources, search, notifications and the unsubscribe link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from ssehub.accounts.models import User
from ssehub.community import selectors
from ssehub.community.forms import CaseForm, ResourceForm
from ssehub.community.models import Case
from ssehub.community.services import cases as services
from ssehub.community.services.digests import membership_unsubscribe
from ssehub.community.services.notify import notifications_mark_read
from ssehub.community.tokens import read_unsubscribe_token
from ssehub.community.views.common import active_membership, require_perm
from ssehub.core.errors import ServiceError

NOTIFICATIONS_PER_PAGE = 30


def cases(request):
    return render(request, "community/cases.html", {"cases": list(selectors.cases_published()[:200]),
                                                    "can_submit": request.user.has_perm("community.submit_case")})


def _case(request, pk: int) -> Case:
    try:
        return selectors.case_for(pk=pk, user=request.user)
    except Case.DoesNotExist as error:
        raise Http404 from error


def case_detail(request, pk: int):
    case = _case(request, pk)
    return render(request, "community/case.html", {
        "case": case, "can_publish": request.user.has_perm("community.review_case") and case.status != "published",
        "can_edit": request.user.has_perm("community.review_case") or case.submitted_by_id == request.user.pk,
    })


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request):
    require_perm(request, "community.submit_case")
    form = CaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_create(actor=request.user, data=form.cleaned_data)
        except ServiceError as error:
            error.add_to_form(form)
            return render(request, "community/case_form.html", {"form": form}, status=400)
        messages.success(request, _("Thank you. An editor will review the case before it is published."))
        return redirect("community:case", pk=case.pk)
    return render(request, "community/case_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def case_edit(request, pk: int):
    case = _case(request, pk)
    if not (request.user.has_perm("community.review_case") or case.submitted_by_id == request.user.pk):
        raise Http404
    form = CaseForm(request.POST or None, instance=case)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_update(case=case, actor=request.user, data=form.cleaned_data,
                                 expected_version=form.cleaned_data["version"])
        except ServiceError as error:
            error.add_to_form(form)
            return render(request, "community/case_form.html", {"form": form, "case": case},
                          status=409 if error.is_stale else 400)
        return redirect("community:case", pk=case.pk)
    return render(request, "community/case_form.html", {"form": form, "case": case},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def case_publish(request, pk: int):
    require_perm(request, "community.review_case")
    case = _case(request, pk)
    try:
        services.case_publish(case=case, actor=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    return redirect("community:case", pk=case.pk)


def case_history(request, pk: int):
    case = _case(request, pk)
    return render(request, "community/case_history.html",
                  {"case": case, "revisions": list(case.revisions.select_related("author__profile"))})


def resources(request):
    return render(request, "community/resources.html", {
        "resources": list(selectors.resources_for(request.user)[:200]),
        "can_add": request.user.has_perm("community.moderate"),
    })


@login_required
@require_http_methods(["GET", "POST"])
def resource_create(request):
    require_perm(request, "community.moderate")
    form = ResourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.resource_add(actor=request.user, data=form.cleaned_data)
        except ServiceError as error:
            error.add_to_form(form)
            return render(request, "community/resource_form.html", {"form": form}, status=400)
        return redirect("community:resources")
    return render(request, "community/resource_form.html", {"form": form}, status=400 if form.errors else 200)


def search(request):
    query = request.GET.get("q", "").strip()[:200]
    results = selectors.search(query=query, user=request.user) if query else None
    return render(request, "community/search.html", {"query": query, "results": results})


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request):
    active_membership(request)
    if request.method == "POST":
        notifications_mark_read(user=request.user)
        return redirect("community:notifications")
    page = Paginator(selectors.notifications_of(request.user), NOTIFICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "community/notifications.html", {"page": page, "items": list(page.object_list)})


@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" without a session or a form token
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    user_id = read_unsubscribe_token(token)
    user = User.objects.filter(pk=user_id).first() if user_id else None
    if user is None:
        return render(request, "community/link_invalid.html", status=400)
    if request.method == "POST":
        membership_unsubscribe(user=user)
        return render(request, "community/unsubscribed.html")
    return render(request, "community/unsubscribe.html", {"token": token})
