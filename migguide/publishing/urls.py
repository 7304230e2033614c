from django.conf import settings
from django.urls import path, re_path

from . import views

app_name = "portal"

LANG = "(?P<lang>" + "|".join(code for code, _name in settings.LANGUAGES) + ")"

urlpatterns = [
    re_path(rf"^{LANG}/$", views.home, name="home"),
    re_path(rf"^{LANG}/countries/(?P<iso3>[a-z]{{3}})/$", views.country, name="country"),
    re_path(rf"^{LANG}/across/$", views.across, name="across"),
    re_path(rf"^{LANG}/data/$", views.data_index, name="data"),
    re_path(rf"^{LANG}/search/$", views.search, name="search"),
    re_path(rf"^{LANG}/search/index\.js$", views.search_index, name="search-index"),
    path("data/package/<str:name>", views.package_file, name="package-file"),
    path("data/<str:name>", views.data_file, name="data-file"),
    re_path(
        r"^data/(?P<iso3>[A-Z]{3})/(?P<name>[a-z]+\.[a-z]+)$",
        views.data_file,
        name="country-data-file",
    ),
]
