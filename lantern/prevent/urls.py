from django.urls import path

from lantern.prevent import views

app_name = "prevent"

urlpatterns = [
    path("pages/", views.page_list, name="page-list"),
    path("pages/new/", views.page_create, name="page-create"),
    path("pages/<int:page_id>/edit/", views.page_edit, name="page-edit"),
    path("pages/<int:page_id>/preview/", views.page_preview, name="page-preview"),
    path("pages/<int:page_id>/publish/", views.page_publish, name="page-publish"),
    path("pages/<int:page_id>/history/", views.page_history, name="page-history"),
    path("pages/<int:page_id>/versions/<int:number>/", views.page_version, name="page-version"),
    path("worries/", views.worry_list, name="worry-list"),
    path("worries/<int:worry_id>/", views.worry_detail, name="worry-detail"),
    path("resources/", views.resource_list, name="resource-list"),
    path("resources/new/", views.resource_create, name="resource-create"),
    path("resources/<int:resource_id>/", views.resource_detail, name="resource-detail"),
    path("resources/<int:resource_id>/edit/", views.resource_edit, name="resource-edit"),
    path("activities/", views.activity_list, name="activity-list"),
    path("activities/new/", views.activity_create, name="activity-create"),
    path("learning/", views.learning_mine, name="learning-mine"),
    path("learning/people/<int:person_id>/", views.learning_person, name="learning-person"),
    path("learning/team/", views.learning_team, name="learning-team"),
    path("learning/coverage/", views.learning_coverage, name="learning-coverage"),
    path("learning/courses/", views.course_list, name="course-list"),
    path("learning/courses/new/", views.course_create, name="course-create"),
    path("learning/courses/<int:course_id>/", views.course_detail, name="course-detail"),
    path("learning/sessions/<int:session_id>/", views.session_detail, name="session-detail"),
    path("figures/", views.figures, name="figures"),
]
