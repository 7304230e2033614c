from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.mail import send_mail
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from migguide.countries.models import Country
from migguide.files.text import sort_key

from . import work as work_module
from .forms import (
    AccountForm,
    CodeForm,
    InviteForm,
    JoinForm,
    LanguageForm,
    ThrottledAuthenticationForm,
    ThrottledPasswordChangeForm,
    ThrottledPasswordResetForm,
    client_address,
    next_url,
)
from .models import (
    AccessError,
    Invitation,
    Permission,
    Role,
    RoleEvent,
    SecondFactor,
    SignInFailure,
    User,
    grant_role,
    revoke_role,
    second_factor_required,
    wait_message,
)
from .shortcuts import get_country_for_user
from .todo import GROUPS, Scope, grouped, tasks_for


@require_safe
def health(request):
    """For load balancers and monitoring: the app answers without touching the database."""
    return HttpResponse("ok", content_type="text/plain")


class LoginView(auth_views.LoginView):
    """The password first; for a person with an authenticator app, the code next
    (`login_code`) before the session is signed in."""

    template_name = "access/login.html"
    redirect_authenticated_user = True
    authentication_form = ThrottledAuthenticationForm

    def form_valid(self, form):
        user = form.get_user()
        factor = SecondFactor.objects.filter(user=user, confirmed_at__isnull=False).first()
        if factor is None:
            return super().form_valid(form)
        self.request.session[PENDING] = {
            "user": user.pk,
            "backend": user.backend,
            "next": self.get_success_url(),
        }
        return redirect("login-code")


PENDING = "migguide-second-factor-pending"


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's own, on our page; wrong old passwords count as failed sign-ins. The
    person stays signed in here, and their other sessions end."""

    template_name = "access/password_change.html"
    form_class = ThrottledPasswordChangeForm
    success_url = reverse_lazy("home")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form):
        messages.success(self.request, _("Your password was changed."))
        return super().form_valid(form)


class PasswordResetView(auth_views.PasswordResetView):
    """A link to set a new password, by e-mail. The answer is the same whether an
    account has the address or not."""

    template_name = "access/password_reset.html"
    form_class = ThrottledPasswordResetForm
    email_template_name = "access/password_reset_email.txt"
    subject_template_name = "access/password_reset_subject.txt"
    success_url = reverse_lazy("password-reset-sent")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "access/password_reset_confirm.html"
    success_url = reverse_lazy("login")

    def form_valid(self, form):
        messages.success(self.request, _("Your new password is set: sign in with it."))
        return super().form_valid(form)


@require_http_methods(["GET", "HEAD", "POST"])
def login_code(request):
    pending = request.session.get(PENDING)
    if not pending:
        return redirect("login")
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    factor = SecondFactor.objects.filter(user=user, confirmed_at__isnull=False).first()
    if user is None or factor is None:
        del request.session[PENDING]
        return redirect("login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and verify_code(request, user, factor, form):
        del request.session[PENDING]
        login(request, user, backend=pending["backend"])
        return redirect(pending["next"])
    return render(request, "access/login_code.html", {"form": form})


def verify_code(request, user, factor: SecondFactor, form: CodeForm) -> bool:
    """Whether the form's code is right, counted against the account's wrong codes: a
    wrong one is recorded, a right one clears them; once too many were wrong, none is
    tried until the window has passed. The reason of a refusal goes on the form."""
    address = client_address(request)
    kind = SignInFailure.Kind.CODE
    wait = SignInFailure.seconds_to_wait(username=user.username, address=address, kind=kind)
    if wait:
        form.add_error(None, wait_message(wait))
        return False
    if factor.verify(form.cleaned_data["code"]):
        SignInFailure.forget(username=user.username, address=address, kind=kind)
        return True
    SignInFailure.record(username=user.username, address=address, kind=kind)
    form.add_error("code", _("This code is not right, or was used already."))
    return False


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def second_factor(request):
    """Turn the authenticator app on (scan, then confirm with a first code) or off."""
    factor = SecondFactor.objects.filter(user=request.user).first()
    required = second_factor_required(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action")
        if action == "confirm" and factor is not None and not factor.is_active:
            if factor.confirm(form.cleaned_data["code"]):
                messages.success(
                    request, _("Your authenticator app is on: it will be asked at every sign-in.")
                )
                return redirect("home")
            form.add_error(
                "code", _("This code is not right; check the app's clock and try again.")
            )
        elif action == "remove" and factor is not None and factor.is_active:
            if required:
                form.add_error(None, _("This instance requires a second factor for your role."))
            elif verify_code(request, request.user, factor, form):
                factor.delete()
                messages.success(request, _("Your authenticator app is off."))
                return redirect("second-factor")
    if factor is None:
        factor = SecondFactor.start(request.user)
    qr = None
    if not factor.is_active:
        import segno

        qr = segno.make(factor.uri(), error="m").svg_data_uri(scale=5, border=2)
    return render(
        request,
        "access/second_factor.html",
        {"factor": factor, "form": form, "qr": qr, "required": required},
    )


@require_safe
@login_required
def home(request):
    """What the person has to do, by kind of task, the most urgent few of each with a
    link to where it is done and one to all of them; then their countries and roles."""
    scope = Scope.of(request.user)
    labels = dict(Role.Kind.choices)
    rows = sorted(
        ((c, sorted(str(labels[k]) for k in scope.roles.get(c.pk, ()))) for c in scope.countries),
        key=lambda row: sort_key(row[0].name()),
    )
    tasks = tasks_for(request.user, scope)
    return render(
        request,
        "access/home.html",
        {
            "rows": rows,
            "todo": grouped(tasks),
            "tasks": len(tasks),
            "recent": work_module.recent_for(request.user),
        },
    )


# The full list of one kind of task, by pages of this many.
TODO_PAGE = 25


@require_safe
@login_required
def todo(request, group):
    """Every task of one kind (a heading of the home's to-do list), the most urgent first."""
    if group not in GROUPS:
        raise Http404
    tasks = [task for task in tasks_for(request.user) if task.group == group]
    page = Paginator(tasks, TODO_PAGE).get_page(request.GET.get("page"))
    return render(request, "access/todo.html", {"heading": GROUPS[group], "page": page})


# After this long waiting for a worker to start it, the page says the work may be stuck.
LONG_WAIT_SECONDS = 60


@require_safe
@login_required
def work(request, task_id):
    """The page followed while work one asked for runs as a background task (an import):
    it reloads itself every few seconds (no script; the person may stop it) until the
    work is done or has failed, then says how it went in the person's language.
    Someone else's: not found."""
    result = work_module.result_for(str(task_id), request.user)
    if result is None:
        raise Http404(_("No such work."))
    progress = work_module.progress_of(result)
    kwargs = result.kwargs or {}
    name = kwargs.get("name", "")
    lead, problems = work_module.message_lines(progress.message, name)
    # The message was worded when the work ran, in the language of the person then: read
    # in another language since, it is marked as written in its own (WCAG 3.1.2).
    written_in = kwargs.get("language", "")
    if written_in == translation.get_language() or written_in not in dict(settings.LANGUAGES):
        written_in = ""
    waited = (timezone.now() - result.enqueued_at).total_seconds() if result.enqueued_at else 0
    return render(
        request,
        "access/work.html",
        {
            "progress": progress,
            # Reloading by itself until done, unless the person stops it (WCAG 2.2.1).
            "refresh": not progress.finished and request.GET.get("still") != "1",
            "name": name,
            "task_id": task_id,
            "lead": lead,
            "problems": problems,
            "written_in": written_in,
            "written_rtl": bool(written_in) and translation.get_language_info(written_in)["bidi"],
            "queued_at": result.enqueued_at,
            "kind": work_module.KINDS.get(result.task.module_path, ""),
            "country": Country.objects.filter(iso3=str((result.args or [""])[0])).first(),
            "long_wait": progress.status == "waiting" and waited > LONG_WAIT_SECONDS,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def account(request):
    """The person's own settings: the weekly e-mail of their to-do list."""
    form = AccountForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your settings are saved."))
        return redirect("account")
    return render(request, "access/account.html", {"form": form})


@require_POST
def set_language(request):
    """Switch the language of the pages: remembered on the account when signed in,
    in a cookie otherwise."""
    form = LanguageForm(request.POST)
    response = redirect(next_url(request, "/"))
    if form.is_valid():
        language = form.cleaned_data["language"]
        if request.user.is_authenticated:
            request.user.language = language
            request.user.save(update_fields=["language"])
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


@login_required
def people(request, iso3):
    country, access = get_country_for_user(request, iso3, Permission.MANAGE)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].lower()
        kind = form.cleaned_data["kind"]
        user = User.objects.filter(email__iexact=email).first()
        if user:
            try:
                role = grant_role(access=access, user=user, kind=kind)
            except AccessError as error:
                messages.error(request, str(error))
            else:
                names = {"user": user, "role": Role.Kind(kind).label}
                if role.is_pending:
                    messages.info(
                        request,
                        _(
                            "The role “%(role)s” of %(user)s waits for a second person to "
                            "confirm it: consortium staff, or the country's coordinator if "
                            "staff gave it."
                        )
                        % names,
                    )
                else:
                    messages.success(request, _("%(user)s is now %(role)s.") % names)
        else:
            invitation = Invitation.objects.create(
                country=country,
                email=email,
                name=form.cleaned_data["name"],
                kind=kind,
                invited_by=request.user,
            )
            link = request.build_absolute_uri(reverse("accept-invitation", args=[invitation.token]))
            send_mail(
                _("Invitation to the migration data guide of %(country)s")
                % {"country": country.name()},
                _(
                    "%(who)s invites you to join the work on the guide on the use of migration "
                    "data of %(country)s as %(role)s.\n\nAccept within %(days)d days: %(link)s"
                )
                % {
                    "who": request.user,
                    "country": country.name(),
                    "role": Role.Kind(kind).label,
                    "days": settings.INVITATION_DAYS,
                    "link": link,
                },
                None,
                [email],
            )
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": email})
        return redirect("people", country.iso3)
    return render(
        request,
        "access/people.html",
        {
            "dossier": country.dossier,
            "form": form,
            "roles": Role.objects.for_country(country).select_related(
                "user", "granted_by", "confirmed_by"
            ),
            "invitations": Invitation.objects.filter(country=country).pending(),
            "history": RoleEvent.objects.filter(country=country).select_related("user", "by")[:50],
        },
    )


@require_POST
@login_required
def confirm(request, iso3, role_id):
    country, access = get_country_for_user(request, iso3, Permission.MANAGE)
    role = get_object_or_404(Role, pk=role_id, country=country)
    try:
        role.confirm(access=access)
    except AccessError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The role “%(role)s” of %(user)s is confirmed.")
            % {"role": role.get_kind_display(), "user": role.user},
        )
    return redirect("people", country.iso3)


@require_POST
@login_required
def revoke(request, iso3, role_id):
    country, access = get_country_for_user(request, iso3, Permission.MANAGE)
    role = get_object_or_404(Role, pk=role_id, country=country)
    try:
        revoke_role(access=access, role=role)
    except AccessError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Role withdrawn."))
    return redirect("people", country.iso3)


@require_POST
@login_required
def withdraw_invitation(request, iso3, invitation_id):
    country, access = get_country_for_user(request, iso3, Permission.MANAGE)
    invitation = get_object_or_404(Invitation, pk=invitation_id, country=country)
    invitation.revoked = True
    invitation.save(update_fields=["revoked"])
    messages.success(request, _("Invitation withdrawn."))
    return redirect("people", country.iso3)


def accept_invitation(request, token):
    invitation = Invitation.objects.filter(token=token).select_related("country").first()
    if invitation is None or not invitation.is_open:
        raise Http404(_("This invitation has expired or was already used."))
    if request.user.is_authenticated:
        try:
            invitation.check_addressed_to(request.user)
        except AccessError as error:
            context = {"invitation": invitation, "refusal": str(error)}
            return render(request, "access/accept.html", context, status=403)
        if request.method == "POST":
            try:
                role = invitation.accept(request.user)
            except AccessError as error:
                messages.error(request, str(error))
                return redirect("home")
            return _welcome(request, role)
        return render(request, "access/accept.html", {"invitation": invitation})
    if User.objects.filter(email__iexact=invitation.email).exists():
        messages.info(request, _("You already have an account: sign in to accept."))
        return redirect(f"{reverse('login')}?next={request.path}")
    form = JoinForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save()
            role = invitation.accept(user)
        login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
        return _welcome(request, role)
    return render(request, "access/join.html", {"invitation": invitation, "form": form})


def _welcome(request, role: Role):
    if role.is_pending:
        messages.info(
            request,
            _("Your role “%(role)s” in %(country)s waits for a second person to confirm it.")
            % {"role": role.get_kind_display(), "country": role.country.name()},
        )
        return redirect("home")
    messages.success(
        request, _("Welcome to the workgroup of %(country)s.") % {"country": role.country.name()}
    )
    return redirect("dossier:overview", role.country.iso3)
