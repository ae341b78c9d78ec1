from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ssehub.accounts.models import User
from ssehub.community import selectors
from ssehub.community.forms import (
    ContactForm,
    DirectoryFilterForm,
    InstitutionForm,
    JoinRequestForm,
    SettingsForm,
)
from ssehub.community.models import CommunityInstitution, ContactRequest
from ssehub.community.rules import membership_of
from ssehub.community.services import membership as services
from ssehub.community.tokens import read_join_token
from ssehub.community.views.common import active_membership, refuse, require_perm
from ssehub.core.errors import ServiceError
from ssehub.events.models import Event

DIRECTORY_PAGE = 30


def index(request):
    return render(request, "community/index.html", {
        "categories": list(selectors.categories_for(request.user)),
        "membership": membership_of(request.user),
    })


@login_required
@require_http_methods(["GET", "POST"])
def join_request(request):
    form = JoinRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_request(user=request.user, motivation=form.cleaned_data["motivation"])
        except ServiceError as error:
            error.add_to_form(form)
            return render(request, "community/join.html", {"form": form}, status=400)
        messages.success(request, _("Thank you. A moderator will answer your request soon."))
        return redirect("community:index")
    return render(request, "community/join.html", {"form": form, "membership": membership_of(request.user)},
                  status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def join_invitation(request, token: str):
    found = read_join_token(token)
    if found is None:
        return render(request, "community/link_invalid.html", status=400)
    user = User.objects.filter(pk=found[0]).select_related("profile").first()
    event = Event.objects.filter(pk=found[1]).first()
    if user is None or event is None:
        return render(request, "community/link_invalid.html", status=400)
    if request.method == "POST":
        try:
            services.membership_join_from_invitation(user=user, event=event)
        except ServiceError:
            return render(request, "community/link_invalid.html", status=400)
        messages.success(request, _("Welcome to the community!"))
        return redirect("community:index" if not request.user.is_authenticated else "community:settings")
    return render(request, "community/join_invitation.html", {"event": event, "invitee": user})


@login_required
@require_POST
def leave(request):
    membership = active_membership(request)
    services.membership_leave(membership=membership, actor=request.user)
    messages.success(request, _("You have left the community. You can ask to join again at any time."))
    return redirect("community:index")


@login_required
@require_http_methods(["GET", "POST"])
def settings_view(request):
    membership = active_membership(request)
    form = SettingsForm(request.POST or None, instance=membership)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_settings_update(membership=membership, actor=request.user, data=form.cleaned_data,
                                                expected_version=form.cleaned_data["version"])
        except ServiceError as error:
            error.add_to_form(form)
            return render(request, "community/settings.html", {"form": form}, status=409 if error.is_stale else 400)
        messages.success(request, _("Your settings are saved."))
        return redirect("community:settings")
    return render(request, "community/settings.html", {"form": form, "membership": membership},
                  status=400 if form.errors else 200)


def institutions(request):
    return render(request, "community/institutions.html",
                  {"institutions": list(selectors.institutions_approved().order_by("country", "name"))})


def institution_detail(request, pk: int):
    institution = get_object_or_404(selectors.institutions_approved(), pk=pk)
    members = [selectors.visible_fields(m) for m in selectors.institution_members(institution)]
    return render(request, "community/institution.html", {"institution": institution, "members": members})


@login_required
@require_http_methods(["GET", "POST"])
def institution_apply(request):
    form = InstitutionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.institution_apply(user=request.user, data=form.cleaned_data)
        except ServiceError as error:
            error.add_to_form(form)
            return render(request, "community/institution_apply.html", {"form": form}, status=400)
        messages.success(request, _("Thank you. A moderator will review your institution's request."))
        return redirect("community:institutions")
    return render(request, "community/institution_apply.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def directory(request):
    require_perm(request, "community.use_directory")
    form = DirectoryFilterForm(request.GET or None)
    filters = selectors.DirectoryFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.DirectoryFilters(
            country=str(data["country"] or ""), constituency=data["constituency"], expertise=data["expertise"],
            language=data["language"], institution=data["institution"].pk if data["institution"] else None)
    after = _positive_int(request.GET.get("after"))
    found = list(selectors.directory(filters=filters, after=after)[:DIRECTORY_PAGE + 1])
    more = None
    if len(found) > DIRECTORY_PAGE:
        found = found[:DIRECTORY_PAGE]
        query = request.GET.copy()
        query["after"] = found[-1].pk
        more = query.urlencode()
    return render(request, "community/directory.html", {
        "form": form, "members": [selectors.visible_fields(m) for m in found], "more": more,
        "first_page": bool(after)})


def _positive_int(value) -> int | None:
    return int(value) if value and str(value).isdigit() and int(value) > 0 else None


@login_required
def member_detail(request, handle: str):
    require_perm(request, "community.use_directory")
    try:
        membership = selectors.member_by_handle(handle)
    except selectors.Membership.DoesNotExist as error:
        raise Http404 from error
    fields = selectors.visible_fields(membership)
    is_self = membership.user_id == request.user.pk
    email = membership.user.email if is_self or selectors.contact_email_visible(
        viewer=request.user, other=membership.user) else ""
    asked = ContactRequest.objects.filter(sender=request.user, recipient=membership.user).exists()
    return render(request, "community/member.html", {
        "member": fields, "membership": membership, "email": email, "is_self": is_self, "asked": asked,
        "form": ContactForm(), "can_moderate": request.user.has_perm("community.moderate"),
    })


@login_required
@require_POST
def contact_create(request, handle: str):
    active_membership(request)
    try:
        membership = selectors.member_by_handle(handle)
    except selectors.Membership.DoesNotExist as error:
        raise Http404 from error
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            services.contact_request(sender=request.user, recipient=membership.user,
                                     message=form.cleaned_data["message"])
            messages.success(request, _("Your request was sent."))
        except ServiceError as error:
            refuse(request, error)
    return redirect("community:member", handle=handle)


@login_required
def contacts(request):
    active_membership(request)
    found = selectors.contacts_of(request.user)
    return render(request, "community/contacts.html", found)


@login_required
@require_POST
def contact_answer(request, pk: int):
    contact = get_object_or_404(ContactRequest, pk=pk)
    if contact.recipient_id != request.user.pk:
        raise PermissionDenied
    try:
        services.contact_answer(request=contact, actor=request.user, accept=request.POST.get("accept") == "1")
    except ServiceError as error:
        refuse(request, error)
    return redirect("community:contacts")


@login_required
def people(request):
    membership = active_membership(request)
    return render(request, "community/people.html",
                  {"suggestions": selectors.people_to_meet(membership=membership)})


def institution_or_404(pk: int) -> CommunityInstitution:
    return get_object_or_404(CommunityInstitution, pk=pk)
