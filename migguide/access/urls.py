from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/code/", views.login_code, name="login-code"),
    path("account/second-factor/", views.second_factor, name="second-factor"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
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
