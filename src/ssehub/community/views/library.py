"""Resources, search, notifications and the unsubscribe link (cases: views/cases.py)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from ssehub.accounts.models import User
from ssehub.community import selectors
from ssehub.community.forms import ResourceForm
from ssehub.community.services import cases as services
from ssehub.community.services.digests import membership_unsubscribe
from ssehub.community.services.notify import notifications_mark_read
from ssehub.community.tokens import read_unsubscribe_token
from ssehub.community.views.common import active_membership, require_perm
from ssehub.community.views.discussions import POSTS_PER_PAGE
from ssehub.core.errors import ServiceError

NOTIFICATIONS_PER_PAGE = 30


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
    results = selectors.search(query=query, user=request.user, posts_per_page=POSTS_PER_PAGE) if query else None
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
