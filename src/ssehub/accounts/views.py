import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ssehub.accounts import services
from ssehub.accounts.forms import DeleteAccountForm, ProfileForm
from ssehub.accounts.selectors import profile_for
from ssehub.core.errors import ServiceError


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    instance = profile_for(request.user)
    form = ProfileForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        if not data["time_zone"]:
            data["time_zone"] = instance.time_zone
        try:
            services.profile_update(
                user=request.user, data=data, expected_version=form.cleaned_data["version"]
            )
        except ServiceError as error:
            error.add_to_form(form)
            return render(request, "accounts/profile.html", {"form": form}, status=409 if error.is_stale else 400)
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/profile.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET"])
def export_data(request):
    data = services.user_export_data(user=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="ssehub-my-data-{stamp}.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.user_delete(user=user)
        messages.success(request, _("Your account and your personal data have been deleted."))
        return redirect("shell:home")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/delete.html", {"form": form}, status=status)
