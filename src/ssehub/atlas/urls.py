from django.urls import path

from ssehub.atlas.views import editing, institutions, proposals, public, relations

app_name = "atlas"
urlpatterns = [
    path("", public.search, name="search"),
    path("export.<str:fmt>", public.export, name="export"),
    path("compare/", public.compare, name="compare"),
    path("countries/<str:code>/", public.country_detail, name="country"),
    path("institutions/new/", institutions.institution_create_view, name="institution_create"),
    path("institutions/<int:pk>/", public.institution_detail, name="institution_detail"),
    path("institutions/<int:pk>/edit/", institutions.institution_edit, name="institution_edit"),
    path("instruments/new/", editing.instrument_create_view, name="instrument_create"),
    path("instruments/propose/", proposals.instrument_propose_new, name="instrument_propose_new"),
    path("instruments/<int:pk>/", public.instrument_detail, name="instrument_detail"),
    path("instruments/<int:pk>/edit/", editing.instrument_edit, name="instrument_edit"),
    path("instruments/<int:pk>/relations/add/", relations.relation_add_view, name="relation_add"),
    path("instruments/<int:pk>/relations/remove/", relations.relation_remove_view, name="relation_remove"),
    path("instruments/<int:pk>/publish/", editing.instrument_publish, name="instrument_publish"),
    path("instruments/<int:pk>/propose/", proposals.instrument_propose, name="instrument_propose"),
    path("instruments/<int:pk>/history/", editing.instrument_history, name="instrument_history"),
    path("instruments/<int:pk>/history/<int:number>/", editing.revision_diff, name="revision_diff"),
    path("instruments/<int:pk>/history/<int:number>/restore/", editing.revision_restore, name="revision_restore"),
    path("desk/", proposals.editor_desk, name="desk"),
    path("proposals/<int:pk>/", proposals.proposal_review, name="proposal_review"),
    path("import/", editing.import_view, name="import"),
    path("import/<str:token>/", editing.import_job, name="import_job"),
]
