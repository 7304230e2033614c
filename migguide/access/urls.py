from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("to-do/<slug:group>/", views.todo, name="todo"),
    path("health/", views.health, name="health"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/code/", views.login_code, name="login-code"),
    path("account/", views.account, name="account"),
    path("work/<uuid:task_id>/", views.work, name="work"),
    path("account/second-factor/", views.second_factor, name="second-factor"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("account/password/reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path(
        "account/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="access/password_reset_sent.html"),
        name="password-reset-sent",
    ),
    path(
        "account/password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path("language/", views.set_language, name="set-language"),
    path("invitations/<str:token>/", views.accept_invitation, name="accept-invitation"),
    path("countries/<str:iso3>/people/", views.people, name="people"),
    path(
        "countries/<str:iso3>/people/roles/<int:role_id>/revoke/", views.revoke, name="revoke-role"
    ),
    path(
        "countries/<str:iso3>/people/roles/<int:role_id>/confirm/",
        views.confirm,
        name="confirm-role",
    ),
    path(
        "countries/<str:iso3>/people/invitations/<int:invitation_id>/withdraw/",
        views.withdraw_invitation,
        name="withdraw-invitation",
    ),
]
