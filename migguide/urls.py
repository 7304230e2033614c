from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

# The admin signs in through the site's own sign-in (throttling, second factor): its own
# login view sends there, rather than a pattern of ours shadowing /admin/login/.
admin.site.login = RedirectView.as_view(url="/login/?next=/admin/", query_string=False)

# Each app's patterns match only its own paths (checked by access/tests/test_url_order.py):
# the order of the includes does not matter.
urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("migguide.access.urls")),
    path("", include("migguide.indicators.urls")),
    path("", include("migguide.editions.urls")),
    path("", include("migguide.consultation.urls")),
    path("", include("migguide.activity.urls")),
    path("", include("migguide.commitments.urls")),
    path("countries/<str:iso3>/guide/", include("migguide.guide.urls")),
    path("countries/<str:iso3>/", include("migguide.dossier.urls")),
    path("", include("migguide.operations.urls")),
    path("api/v1/", include("migguide.publishing.api_urls")),
    path("", include("migguide.publishing.urls")),
]
