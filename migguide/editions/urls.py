from django.urls import path

from . import views

app_name = "editions"

edition = "countries/<str:iso3>/editions/<int:number>/"

urlpatterns = [
    path("countries/<str:iso3>/editions/", views.edition_list, name="list"),
    path("countries/<str:iso3>/editions/start/", views.edition_start, name="start"),
    path(edition, views.edition_detail, name="detail"),
    *(
        path(f"{edition}{move}/", views.edition_move, {"move": move}, name=move)
        for move in ("submit", "request-changes", "ready", "approve", "refreeze")
    ),
    path(f"{edition}publish/", views.edition_publish, name="publish"),
    path(f"{edition}publishing/<uuid:task_id>/", views.edition_publishing, name="publishing"),
    path(f"{edition}endorse/", views.edition_endorse, name="endorse"),
    path(f"{edition}languages/remove/", views.edition_remove_language, name="remove-language"),
    path(f"{edition}comments/", views.comment_add, name="comment"),
    path(f"{edition}comments/new/", views.comment_new, name="comment-new"),
    path(f"{edition}comments/<int:comment_id>/answer/", views.comment_answer, name="answer"),
    path(f"{edition}comments/<int:comment_id>/resolve/", views.comment_resolve, name="resolve"),
    path(f"{edition}changes/", views.edition_changes, name="changes"),
    path(f"{edition}snapshot.json", views.edition_snapshot, name="snapshot"),
    path(
        f"{edition}guide/<str:language>/<str:version>.<str:fmt>",
        views.edition_file,
        name="file",
    ),
    path(
        "published/<str:iso3>/<int:number>/<str:name>",
        views.published_file,
        name="public-file",
    ),
]
