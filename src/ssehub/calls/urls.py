from django.urls import path

from ssehub.calls.views import comms, manage, public, review, selection

app_name = "calls"
urlpatterns = [
    # Applicants and the public.
    path("<int:call_id>/", public.call_detail, name="detail"),
    path("<int:call_id>/apply/", public.apply, name="apply"),
    path("<int:call_id>/withdraw/", public.withdraw, name="withdraw"),
    path("mine/", public.mine, name="mine"),
    path("applications/<int:pk>/", public.application_detail, name="application"),
    path("answers/<int:answer_id>/file/", public.answer_file, name="answer_file"),
    path("invitation/<str:token>/", public.invitation, name="invitation"),
    # Reviewers.
    path("reviews/", review.my_reviews, name="my_reviews"),
    path("reviews/<int:assignment_id>/", review.review, name="review"),
    # Organisers of the call's event.
    path("new/<slug:slug>/", manage.create, name="create"),
    path("<int:call_id>/manage/", manage.dashboard, name="manage"),
    path("<int:call_id>/manage/edit/", manage.edit, name="edit"),
    path("<int:call_id>/manage/questions/", manage.questions, name="questions"),
    path("<int:call_id>/manage/questions/<int:question_id>/delete/", manage.question_delete,
         name="question_delete"),
    path("<int:call_id>/manage/rubric/", manage.rubric, name="rubric"),
    path("<int:call_id>/manage/rubric/<int:criterion_id>/delete/", manage.criterion_delete,
         name="criterion_delete"),
    path("<int:call_id>/manage/applications/", manage.applications, name="applications"),
    path("<int:call_id>/manage/assignments/", manage.assignments, name="assignments"),
    path("<int:call_id>/manage/progress/", manage.progress, name="progress"),
    path("<int:call_id>/manage/progress/remind/", manage.remind, name="remind"),
    path("<int:call_id>/manage/selection/", selection.rules, name="selection"),
    path("<int:call_id>/manage/selection/pin/<int:application_id>/", manage.pin, name="pin"),
    path("<int:call_id>/manage/selection/runs/<int:run_id>/", selection.run_detail, name="run"),
    path("<int:call_id>/manage/selection/runs/<int:run_id>/adopt/", selection.adopt, name="adopt"),
    path("<int:call_id>/manage/group/", selection.group, name="group"),
    path("<int:call_id>/manage/group/<int:application_id>/outcome/", selection.override, name="override"),
    path("<int:call_id>/manage/group/invite/", selection.invite, name="invite"),
    path("<int:call_id>/manage/group/replacement/", selection.replacement, name="replacement"),
    path("<int:call_id>/manage/messages/", comms.templates, name="templates"),
    path("<int:call_id>/manage/messages/send/", comms.send, name="send"),
    path("<int:call_id>/manage/messages/<str:kind>/<str:language>/", comms.template_edit, name="template"),
    path("<int:call_id>/manage/export/<str:kind>", comms.export, name="export"),
    path("<int:call_id>/manage/exports/", comms.export_log, name="export_log"),
]
