from django.urls import path

from . import views

urlpatterns = [
    path("countries/<str:iso3>/statistics/", views.statistics, name="statistics"),
    path(
        "countries/<str:iso3>/statistics/national/add/",
        views.national_figure_add,
        name="national-figure-add",
    ),
    path("countries/<str:iso3>/statistics.csv", views.statistics_csv, name="statistics-csv"),
    path("charts/vega-<str:version>.js", views.charts_bundle, name="charts-bundle"),
]
