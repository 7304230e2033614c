from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("migguide.access.urls")),
    path("", include("migguide.indicators.urls")),
    path("", include("migguide.editions.urls")),
    path("", include("migguide.consultation.urls")),
    path("countries/<str:iso3>/guide/", include("migguide.guide.urls")),
    path("countries/<str:iso3>/", include("migguide.dossier.urls")),
    path("", include("migguide.publishing.urls")),
]
