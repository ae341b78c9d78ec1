from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from ssehub.api import views
from ssehub.api.schema import HOOKS
from ssehub.atlas import api as atlas_api
from ssehub.community import api as community_api
from ssehub.planning import api as planning_api

app_name = "api"
urlpatterns = [
    path("", views.api_root, name="root"),
    path("schema/", SpectacularAPIView.as_view(custom_settings={"POSTPROCESSING_HOOKS": HOOKS}), name="schema"),
    path("docs/", views.docs, name="docs"),
    path("atlas/instruments", atlas_api.InstrumentList.as_view(), name="atlas_instrument_list"),
    path("atlas/instruments/<int:pk>", atlas_api.InstrumentDetail.as_view(), name="atlas_instrument_detail"),
    path("atlas/institutions", atlas_api.InstitutionList.as_view(), name="atlas_institution_list"),
    path("atlas/institutions/<int:pk>", atlas_api.InstitutionDetail.as_view(), name="atlas_institution_detail"),
    path("community/categories", community_api.CategoryList.as_view(), name="community_category_list"),
    path("community/categories/<slug:slug>/topics", community_api.TopicList.as_view(), name="community_topic_list"),
    path("community/topics/<int:pk>/posts", community_api.TopicPosts.as_view(), name="community_topic_posts"),
    path("community/cases", community_api.CaseList.as_view(), name="community_case_list"),
    path("planning/plans", planning_api.PlanList.as_view(), name="planning_plan_list"),
    path("planning/plans/<int:pk>", planning_api.PlanDetail.as_view(), name="planning_plan_detail"),
    # Last: any other address under the API (an id the URL does not accept, a typo) is a JSON 404,
    # as the schema documents, not the site's HTML page.
    re_path(r"^[\s\S]*$", views.not_found, name="not_found"),
]
