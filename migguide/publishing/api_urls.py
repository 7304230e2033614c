from django.urls import path

from . import api

app_name = "api"

urlpatterns = [
    path("", api.index, name="index"),
    path("openapi.json", api.openapi_document, name="openapi"),
    path("countries/", api.countries, name="countries"),
    path("countries/<str:iso3>/", api.country, name="country"),
    path("editions/", api.editions, name="editions"),
    path("sources/", api.sources, name="sources"),
    path("recommendations/", api.recommendations, name="recommendations"),
    path("statistics/", api.statistics, name="statistics"),
]
