from django.urls import path

from lantern.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("profile/", views.profile, name="profile"),
    path("profile/password/", views.password_change, name="password-change"),
    path("users/", views.user_list, name="user-list"),
    path("users/new/", views.user_create, name="user-create"),
    path("users/<int:user_id>/", views.user_detail, name="user-detail"),
    path("users/<int:user_id>/edit/", views.user_update, name="user-update"),
    path("users/<int:user_id>/disable/", views.user_disable, name="user-disable"),
    path("users/<int:user_id>/enable/", views.user_enable, name="user-enable"),
    path("users/<int:user_id>/end-sessions/", views.user_end_sessions, name="user-end-sessions"),
    path("users/<int:user_id>/unlock/", views.user_unlock, name="user-unlock"),
    path("users/<int:user_id>/reset-mfa/", views.user_reset_mfa, name="user-reset-mfa"),
]
