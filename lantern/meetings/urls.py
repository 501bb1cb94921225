from django.urls import path

from lantern.meetings import plans_views, views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="meeting-list"),
    path("new/", views.meeting_create, name="meeting-create"),
    path("<int:meeting_id>/", views.meeting_detail, name="meeting-detail"),
    path("<int:meeting_id>/next/", views.meeting_schedule_next, name="meeting-schedule-next"),
    path("<int:meeting_id>/agenda/refresh/", views.agenda_refresh, name="agenda-refresh"),
    path("<int:meeting_id>/agenda/add/", views.agenda_item_add, name="agenda-item-add"),
    path("<int:meeting_id>/attendance/", views.attendance, name="attendance-record"),
    path("<int:meeting_id>/approve/", views.minutes_approve, name="minutes-approve"),
    path("items/<int:item_id>/", views.agenda_item_minute, name="agenda-item-minute"),
    path("items/<int:item_id>/remove/", views.agenda_item_remove, name="agenda-item-remove"),
    path("items/<int:item_id>/move/", views.agenda_item_move, name="agenda-item-move"),
    path("items/<int:item_id>/actions/new/", views.action_create, name="action-create"),
    path("items/<int:item_id>/amend/", views.minutes_amend, name="minutes-amend"),
    path("actions/", views.action_list, name="action-list"),
    path("actions/<int:action_id>/", views.action_update, name="action-update"),
    path("people/<int:person_id>/safety-plan/", plans_views.safety_plan_detail, name="safety-plan-detail"),
    path(
        "people/<int:person_id>/safety-plan/versions/<int:number>/",
        plans_views.safety_plan_detail,
        name="safety-plan-version",
    ),
    path("people/<int:person_id>/safety-plan/edit/", plans_views.safety_plan_edit, name="safety-plan-edit"),
    path(
        "people/<int:person_id>/safety-plan/family/",
        plans_views.safety_plan_family,
        name="safety-plan-family",
    ),
    path("transitions/", plans_views.transition_list, name="transition-list"),
    path(
        "people/<int:person_id>/transition-plan/",
        plans_views.transition_plan_edit,
        name="transition-plan-edit",
    ),
]
