from django.core.management.base import BaseCommand

from migguide.publishing.site import build_site


class Command(BaseCommand):
    help = "The public portal as static files: `migguide site build --out DIR`."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        build = sub.add_parser("build", help="Write (or update) the static portal in a folder.")
        build.add_argument("--out", required=True, help="The folder, e.g. out/site")
        build.add_argument(
            "--base-url",
            help="The public address the folder will be served from, e.g. "
            "https://data.example.org/ (default: the SITE_URL setting)",
        )

    def handle(self, *args, action, out, base_url=None, **options):
        self.stdout.write(str(build_site(out, base_url=base_url)))
