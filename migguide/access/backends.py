"""Sign-in with the e-mail address an account was invited at, in any case, or with its
username (accounts made before, or by `migguide staff`)."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from .models import User


class EmailOrUsernameBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if not username or password is None:
            return None
        login = username.strip()
        candidates = list(
            User.objects.filter(Q(username__iexact=login) | Q(email__iexact=login)).order_by("pk")
        )
        # An exact username first, then one differing only in case, then the e-mail
        # address; a name or an address shared by two accounts picks neither.
        exact = [u for u in candidates if u.username == login]
        by_name = [u for u in candidates if u.username.lower() == login.lower()]
        by_email = [u for u in candidates if u.email.lower() == login.lower()]
        user = next((found[0] for found in (exact, by_name, by_email) if len(found) == 1), None)
        if user is None:
            # Run the hasher anyway, so that a missing account takes as long as a wrong
            # password (as Django's own backend does).
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
