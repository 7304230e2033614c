from django.core.management.base import BaseCommand, CommandError

from migguide.access.models import User


class Command(BaseCommand):
    help = (
        "Make a person consortium staff, or take it back with --remove. Privileges are set "
        "here, by whoever runs the server, and never in the admin (superusers: "
        "createsuperuser)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--remove", action="store_true", help="No longer staff.")

    def handle(self, *args, username, remove, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No person signs in as {username!r}.")
        user.is_staff = not remove
        user.save(update_fields=["is_staff"])
        state = "no longer consortium staff" if remove else "consortium staff"
        self.stdout.write(self.style.SUCCESS(f"{user.username} is {state}."))
