from django.core.management.base import BaseCommand

from migguide.publishing.site import build_site, build_site_storage


class Command(BaseCommand):
    help = (
        "The public portal as static files: `migguide site build` (into the site storage: "
        "SITE_DIR, or the object store when S3_BUCKET is set) or `--out DIR`."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        build = sub.add_parser("build", help="Write (or update) the static portal.")
        build.add_argument(
            "--out", help="A folder, e.g. out/site (default: the site storage of the settings)"
        )
        build.add_argument(
            "--base-url",
            help="The public address the folder will be served from, e.g. "
            "https://data.example.org/ (default: the SITE_URL setting)",
        )

    def handle(self, *args, action, out=None, base_url=None, **options):
        if out:
            report = build_site(out, base_url=base_url)
        else:
            report = build_site_storage(base_url=base_url)
        self.stdout.write(str(report))
