"""The action-log page, shared by the event log (organisers), a record's log and the platform log
(admins): filters in the URL, 50 entries a page, CSV/XLSX of everything the filters select.
The caller decides who may see which entries; this module only shows them."""

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ssehub.core.actionlog import LogFilters, describe_change, log_table, verb_choices, verb_label
from ssehub.core.tabular import file_response, table_file

PAGE_SIZE = 50
EXPORT_LIMIT = 50_000  # a file, not a database dump: narrow the filters for more


class LogFilterForm(forms.Form):
    verb = forms.ChoiceField(label=_("Action"), required=False)
    actor = forms.CharField(label=_("Who (name or e-mail)"), required=False, max_length=100)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, verb_prefixes: tuple[str, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        offered = [(code, label) for code, label in verb_choices() if code.startswith(verb_prefixes or "")]
        self.fields["verb"].choices = [("", _("All actions")), *offered]

    def filters(self) -> LogFilters:
        if not self.is_valid():
            return LogFilters()
        data = self.cleaned_data
        return LogFilters(verb=data["verb"], actor=data["actor"].strip(), since=data["since"], until=data["until"])


def log_page(request, *, entries_for, title: str, context: dict, export_name: str,
             verb_prefixes: tuple[str, ...] = ()):
    """`entries_for(filters)` returns the queryset this reader may see, narrowed by the filters;
    `verb_prefixes` limits the actions offered in the filter to those that can occur there."""
    form = LogFilterForm(request.GET or None, verb_prefixes=verb_prefixes)
    entries = entries_for(form.filters())
    fmt = request.GET.get("format", "")
    if fmt in ("csv", "xlsx"):
        header, rows = log_table(entries[:EXPORT_LIMIT])
        stamp = timezone.now().strftime("%Y%m%d-%H%M")
        content = table_file(fmt=fmt, title=str(_("Action log")), header=header, rows=rows)
        return file_response(content, filename=f"{export_name}-{stamp}.{fmt}")
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    for entry in page.object_list:
        entry.label = verb_label(entry.verb)
        entry.change = describe_change(entry)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "core/action_log.html", {
        **context, "title": title, "form": form, "page": page, "query": query.urlencode(),
    }, status=status)
