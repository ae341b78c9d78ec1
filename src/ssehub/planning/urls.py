from django.urls import path

from ssehub.planning.views import organisers, pairwise, public, scoring, workspace

app_name = "planning"
urlpatterns = [
    path("", public.index, name="index"),
    path("events/<slug:event_slug>/", organisers.overview, name="overview"),
    path("events/<slug:event_slug>/delegations/", organisers.delegations_create, name="delegations_create"),
    path("events/<slug:event_slug>/settings/", organisers.settings_view, name="settings"),
    path("delegations/<int:pk>/", workspace.workspace_view, name="workspace"),
    path("delegations/<int:pk>/changes/", workspace.changes, name="changes"),
    path("delegations/<int:pk>/language/", workspace.language_view, name="language"),
    path("delegations/<int:pk>/members/", organisers.members_view, name="members"),
    path("delegations/<int:pk>/steps/<slug:step>/", workspace.step_view, name="step"),
    path("delegations/<int:pk>/analysis/new/", workspace.analysis_edit, name="analysis_add"),
    path("delegations/<int:pk>/analysis/<int:item_pk>/", workspace.analysis_edit, name="analysis_edit"),
    path("delegations/<int:pk>/actions/new/", workspace.action_edit, name="action_add"),
    path("delegations/<int:pk>/actions/<int:action_pk>/", workspace.action_detail, name="action_detail"),
    path("delegations/<int:pk>/actions/<int:action_pk>/edit/", workspace.action_edit, name="action_edit"),
    path("delegations/<int:pk>/scores/", scoring.score_view, name="score"),
    path("delegations/<int:pk>/ranking/", scoring.ranking_view, name="ranking"),
    path("delegations/<int:pk>/pairwise/", pairwise.pairwise_view, name="pairwise"),
    path("delegations/<int:pk>/matrix/", scoring.matrix_view, name="matrix"),
    path("delegations/<int:pk>/priorities/", scoring.priorities_view, name="priorities"),
    path("delegations/<int:pk>/finalise/", scoring.finalise_view, name="finalise"),
    path("delegations/<int:pk>/publish/", scoring.publish_view, name="publish"),
    path("plans/<int:pk>/", public.public_plan, name="public_plan"),
    path("plans/<int:pk>/plan.<str:fmt>", public.plan_export, name="plan_export"),
]
