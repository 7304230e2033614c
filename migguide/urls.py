from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    # The admin signs in through the site's own sign-in (throttling, second factor).
    path(
        "admin/login/",
        RedirectView.as_view(url="/login/?next=/admin/", query_string=False),
        name="admin-login",
    ),
    path("admin/", admin.site.urls),
    path("", include("migguide.access.urls")),
    path("", include("migguide.indicators.urls")),
    path("", include("migguide.editions.urls")),
    path("", include("migguide.consultation.urls")),
    path("", include("migguide.activity.urls")),
    path("countries/<str:iso3>/guide/", include("migguide.guide.urls")),
    path("countries/<str:iso3>/", include("migguide.dossier.urls")),
    path("", include("migguide.publishing.urls")),
]
