"""Prevent pages. Public pages need no sign-in and reveal nothing submitted; staff pages are thin
callers of selectors (which refuse and audit) and services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from lantern.accounts.roles import can_configure_partnership
from lantern.core.errors import ConflictingEdit, ValidationFailed
from lantern.core.forms import apply_service_errors
from lantern.core.ratelimit import over_hourly_limit
from lantern.prevent import selectors, services
from lantern.prevent.forms import (
    AttendanceForm,
    AwarenessActivityForm,
    CourseForm,
    PageCreateForm,
    PageForm,
    PublicWorryForm,
    PublishForm,
    ResourceForm,
    TrainingSessionForm,
    WorryTriageForm,
)
from lantern.prevent.markup import render_markup
from lantern.prevent.models import Audience, WorryStatus

PUBLIC_WORRIES_PER_HOUR = 10
NOT_SENT_SEND_AGAIN = (
    "Your worry has not been sent yet. The page was open too long or your browser did not keep "
    "its security check. Check what you wrote below and press Send again."
)


def _role(request: HttpRequest) -> str:
    return str(getattr(request.user, "role", ""))


def _intelligence_share_url() -> str:
    try:
        return reverse("intelligence:public-share")
    except NoReverseMatch:
        return ""


# --- Public pages ------------------------------------------------------------------------------


def public_index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "prevent/public_index.html",
        {"pages": selectors.published_pages(), "areas": selectors.public_areas()},
    )


def public_page(request: HttpRequest, slug: str) -> HttpResponse:
    version = selectors.published_page_by_slug(slug)
    if version is None:
        raise Http404("No such page")
    return render(
        request,
        "prevent/public_page.html",
        {"version": version, "body": render_markup(version.body), "areas": selectors.public_areas()},
    )


def public_area(request: HttpRequest, code: str) -> HttpResponse:
    area = selectors.public_area_by_code(code)
    if area is None:
        raise Http404("No such area")
    return render(
        request,
        "prevent/public_area.html",
        {"area": area, "share_url": _intelligence_share_url(), "pages": selectors.published_pages()},
    )


def _csrf_check_failed(request: HttpRequest) -> bool:
    """Django's own CSRF check, made here rather than by the middleware so that a failure (an
    expired or missing cookie) gives the form back with everything typed instead of a bare 403."""

    def protected_view(_request: HttpRequest) -> HttpResponse:
        return HttpResponse()

    checker = CsrfViewMiddleware(protected_view)
    return checker.process_view(request, protected_view, (), {}) is not None


@csrf_exempt  # not exempt: the view makes the same check itself, see _csrf_check_failed
@require_http_methods(["GET", "POST"])
def public_worry_create(request: HttpRequest) -> HttpResponse:
    initial_area = selectors.public_area_by_code(request.GET.get("area", ""))
    form = PublicWorryForm(
        request.POST if request.method == "POST" else None,
        initial={"area": initial_area.pk} if initial_area else None,
    )
    status = 200
    if request.method == "POST":
        if _csrf_check_failed(request):
            # Nothing is saved or counted; the page re-rendered below carries a fresh token.
            form.is_valid()
            form.add_error(None, NOT_SENT_SEND_AGAIN)
            status = 403
        elif over_hourly_limit(request, scope="prevent-worry", per_hour=PUBLIC_WORRIES_PER_HOUR):
            # The form comes back with everything typed, so nothing is lost: they can phone instead.
            form.is_valid()
            form.add_error(
                None,
                "You have sent several worries from this connection in the last hour. Wait an hour "
                "and send it again, or phone the front door for the child's area.",
            )
            status = 429
        elif form.is_valid():
            if form.cleaned_data["website"]:
                return redirect("public:worry-thanks")
            data = form.cleaned_data
            try:
                services.public_worry_create(
                    area=data["area"],
                    child_name=data["child_name"],
                    child_age=data["child_age"],
                    where=data["where"],
                    what_worries=data["what_worries"],
                    relationship=data["relationship"],
                    contact_name=data["contact_name"],
                    contact_details=data["contact_details"],
                )
            except ValidationFailed as error:
                apply_service_errors(form, error)
            else:
                return redirect("public:worry-thanks")
        if form.errors and status == 200:
            status = 400
    return render(
        request,
        "prevent/public_worry_form.html",
        {"form": form, "areas": selectors.public_areas()},
        status=status,
    )


def public_worry_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "prevent/public_worry_thanks.html", {"areas": selectors.public_areas()})


# --- Page administration (partnership admin) ---------------------------------------------------


def page_list(request: HttpRequest) -> HttpResponse:
    return render(request, "prevent/page_list.html", {"rows": selectors.public_page_list_for(request.user)})


@require_http_methods(["GET", "POST"])
def page_create(request: HttpRequest) -> HttpResponse:
    selectors.public_page_list_for(request.user)  # refuses anyone but the partnership admin
    form = PageCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            page = services.public_page_create(actor=request.user, **form.cleaned_data)
        except ValidationFailed as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Page saved as a draft. Preview it, then publish it.")
            return redirect("prevent:page-preview", page_id=page.pk)
    return render(request, "prevent/page_create.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def page_edit(request: HttpRequest, page_id: int) -> HttpResponse:
    row = selectors.public_page_get_for(request.user, page_id)
    source = row.draft or row.published
    initial: dict[str, object] = {"version": row.page.version}
    if source is not None:
        initial.update(title=source.title, summary=source.summary, body=source.body)
    form = PageForm(request.POST if request.method == "POST" else None, initial=initial)
    conflict = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.public_page_draft_save(
                actor=request.user,
                page=row.page,
                expected_version=data["version"],
                title=data["title"],
                summary=data["summary"],
                body=data["body"],
            )
        except ConflictingEdit:
            conflict = True
            form.add_error(
                None,
                "Someone else changed this page after you opened it. Your words are kept below: "
                "open the page again in a new tab to see their changes before saving.",
            )
        except ValidationFailed as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Draft saved. Preview it, then publish it.")
            return redirect("prevent:page-preview", page_id=row.page.pk)
    return render(
        request,
        "prevent/page_edit.html",
        {"form": form, "row": row, "conflict": conflict},
        status=409 if conflict else (400 if form.errors else 200),
    )


def page_preview(request: HttpRequest, page_id: int) -> HttpResponse:
    row = selectors.public_page_get_for(request.user, page_id)
    shown = row.draft or row.published
    return render(
        request,
        "prevent/page_preview.html",
        {
            "row": row,
            "shown": shown,
            "body": render_markup(shown.body) if shown else "",
            "form": PublishForm(initial={"version": row.page.version}),
        },
    )


@require_POST
def page_publish(request: HttpRequest, page_id: int) -> HttpResponse:
    row = selectors.public_page_get_for(request.user, page_id)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The form was incomplete: try publishing again.")
        return redirect("prevent:page-preview", page_id=row.page.pk)
    try:
        version = services.public_page_publish(
            actor=request.user, page=row.page, expected_version=form.cleaned_data["version"]
        )
    except ConflictingEdit:
        messages.error(
            request, "Someone else changed this page after you opened it. Check the preview again."
        )
        return redirect("prevent:page-preview", page_id=row.page.pk)
    except ValidationFailed as error:
        messages.error(request, " ".join(m for msgs in error.errors.values() for m in msgs))
        return redirect("prevent:page-preview", page_id=row.page.pk)
    messages.success(request, f"Version {version.number} is now the public page.")
    return redirect("prevent:page-history", page_id=row.page.pk)


def page_history(request: HttpRequest, page_id: int) -> HttpResponse:
    row = selectors.public_page_get_for(request.user, page_id)
    return render(
        request,
        "prevent/page_history.html",
        {"row": row, "versions": selectors.public_page_versions_for(request.user, page_id)},
    )


def page_version(request: HttpRequest, page_id: int, number: int) -> HttpResponse:
    version = selectors.public_page_version_get_for(request.user, page_id, number)
    return render(
        request, "prevent/page_version.html", {"version": version, "body": render_markup(version.body)}
    )


# --- Public worries for the front door ---------------------------------------------------------


def worry_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", WorryStatus.NEW)
    status = status if status in WorryStatus.values else WorryStatus.NEW
    worries = selectors.public_worry_list_for(request.user, status=status)
    return render(
        request,
        "prevent/worry_list.html",
        {"worries": worries, "status": status, "statuses": WorryStatus.choices},
    )


@require_http_methods(["GET", "POST"])
def worry_detail(request: HttpRequest, worry_id: int) -> HttpResponse:
    worry = selectors.public_worry_get_for(request.user, worry_id, purpose="Triage a worry from the public")
    form = WorryTriageForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.public_worry_triage(actor=request.user, worry=worry, **form.triage_fields())
        except ValidationFailed as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Decision recorded.")
            return redirect("prevent:worry-detail", worry_id=worry.pk)
    return render(
        request,
        "prevent/worry_detail.html",
        {"worry": worry, "form": form},
        status=400 if form.errors else 200,
    )


def figures(request: HttpRequest) -> HttpResponse:
    worries, coverage, activities = selectors.prevent_figures_for(request.user)
    return render(
        request,
        "prevent/figures.html",
        {"worries": worries, "coverage": coverage, "activities": activities},
    )


# --- Resources and awareness activities --------------------------------------------------------


def resource_list(request: HttpRequest) -> HttpResponse:
    audience = request.GET.get("audience", "")
    audience = audience if audience in Audience.values else ""
    return render(
        request,
        "prevent/resource_list.html",
        {
            "resources": selectors.resource_list_for(request.user, audience=audience),
            "audience": audience,
            "audiences": Audience.choices,
            "may_edit": can_configure_partnership(_role(request)),
            "sees_activities": selectors.is_school_user(request.user)
            or _role(request) in selectors.FIGURE_ROLES,
        },
    )


def resource_detail(request: HttpRequest, resource_id: int) -> HttpResponse:
    resource = selectors.resource_get_for(request.user, resource_id)
    return render(
        request,
        "prevent/resource_detail.html",
        {
            "resource": resource,
            "body": render_markup(resource.body),
            "may_edit": can_configure_partnership(_role(request)),
        },
    )


@require_http_methods(["GET", "POST"])
def resource_create(request: HttpRequest) -> HttpResponse:
    selectors.public_page_list_for(request.user)  # refuses anyone but the partnership admin
    form = ResourceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            resource = services.resource_create(actor=request.user, **form.resource_fields())
        except ValidationFailed as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Resource added.")
            return redirect("prevent:resource-detail", resource_id=resource.pk)
    return render(
        request,
        "prevent/resource_form.html",
        {"form": form, "resource": None},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def resource_edit(request: HttpRequest, resource_id: int) -> HttpResponse:
    resource = selectors.resource_for_edit_get_for(request.user, resource_id)
    initial = {
        "version": resource.version,
        "title": resource.title,
        "summary": resource.summary,
        "kind": resource.kind,
        "audiences": resource.audiences,
        "link": resource.link,
        "body": resource.body,
        "is_public": resource.is_public,
    }
    form = ResourceForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.resource_update(
                actor=request.user,
                resource=resource,
                expected_version=form.cleaned_data["version"] or 0,
                **form.resource_fields(),
            )
        except ConflictingEdit:
            status = 409
            form.add_error(
                None,
                "Someone else changed this resource after you opened it. Your changes are kept "
                "below: open it again in a new tab to see theirs before saving.",
            )
        except ValidationFailed as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Resource saved.")
            return redirect("prevent:resource-detail", resource_id=resource.pk)
    if form.errors and status == 200:
        status = 400
    return render(request, "prevent/resource_form.html", {"form": form, "resource": resource}, status=status)


def activity_list(request: HttpRequest) -> HttpResponse:
    activities = selectors.awareness_activity_list_for(request.user)
    return render(
        request,
        "prevent/activity_list.html",
        {"activities": activities, "may_record": selectors.is_school_user(request.user)},
    )


@require_http_methods(["GET", "POST"])
def activity_create(request: HttpRequest) -> HttpResponse:
    selectors.require_school_user(request.user)
    form = AwarenessActivityForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.awareness_activity_create(actor=request.user, **form.cleaned_data)
        except ValidationFailed as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Activity recorded. Thank you for telling the partnership.")
            return redirect("prevent:activity-list")
    return render(request, "prevent/activity_form.html", {"form": form}, status=400 if form.errors else 200)


def public_resource_list(request: HttpRequest) -> HttpResponse:
    return render(request, "prevent/public_resource_list.html", {"resources": selectors.public_resources()})


def public_resource_detail(request: HttpRequest, resource_id: int) -> HttpResponse:
    resource = selectors.public_resource(resource_id)
    if resource is None:
        raise Http404("No such resource")
    return render(
        request,
        "prevent/public_resource_detail.html",
        {"resource": resource, "body": render_markup(resource.body)},
    )


# --- Workforce learning records ----------------------------------------------------------------


def learning_mine(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    record = selectors.learning_record_for(user, user.pk)
    role = _role(request)
    return render(
        request,
        "prevent/learning_record.html",
        {
            "record": record,
            "own": True,
            "is_manager": selectors.is_learning_manager(request.user),
            "is_admin": can_configure_partnership(role),
            "sees_coverage": role in selectors.FIGURE_ROLES,
        },
    )


def learning_person(request: HttpRequest, person_id: int) -> HttpResponse:
    record = selectors.learning_record_for(request.user, person_id)
    return render(
        request, "prevent/learning_record.html", {"record": record, "own": person_id == request.user.pk}
    )


def learning_team(request: HttpRequest) -> HttpResponse:
    return render(request, "prevent/learning_team.html", {"team": selectors.team_learning_for(request.user)})


def learning_coverage(request: HttpRequest) -> HttpResponse:
    return render(
        request, "prevent/learning_coverage.html", {"coverage": selectors.learning_coverage_for(request.user)}
    )


def course_list(request: HttpRequest) -> HttpResponse:
    return render(request, "prevent/course_list.html", {"courses": selectors.course_list_for(request.user)})


@require_http_methods(["GET", "POST"])
def course_create(request: HttpRequest) -> HttpResponse:
    selectors.course_list_for(request.user)  # refuses anyone but the partnership admin
    form = CourseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            course = services.course_create(actor=request.user, **form.cleaned_data)
        except ValidationFailed as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Course added.")
            return redirect("prevent:course-detail", course_id=course.pk)
    return render(request, "prevent/course_form.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def course_detail(request: HttpRequest, course_id: int) -> HttpResponse:
    course = selectors.course_get_for(request.user, course_id)
    form = TrainingSessionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.training_session_create(actor=request.user, course=course, **form.cleaned_data)
        except ValidationFailed as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Session added. Now record who attended.")
            return redirect("prevent:session-detail", session_id=session.pk)
    return render(
        request,
        "prevent/course_detail.html",
        {"course": course, "sessions": selectors.training_sessions_for(request.user, course), "form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    session = selectors.training_session_get_for(request.user, session_id)
    form = AttendanceForm(
        request.POST if request.method == "POST" else None, staff=selectors.staff_choices_for(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            added = services.attendance_record(
                actor=request.user, session=session, people=list(form.cleaned_data["people"])
            )
        except ValidationFailed as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Attendance recorded for {added} people.")
            return redirect("prevent:session-detail", session_id=session.pk)
    return render(
        request,
        "prevent/session_detail.html",
        {
            "session": session,
            "attendances": selectors.session_attendances_for(request.user, session),
            "form": form,
        },
        status=400 if form.errors else 200,
    )
