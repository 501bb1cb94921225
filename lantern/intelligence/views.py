"""Intelligence pages: thin callers of selectors (every read) and services (every write)."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from lantern.accounts.roles import CASEWORK_ROLES, Role
from lantern.core.access import role_required
from lantern.core.errors import ConflictingEdit, ValidationFailed
from lantern.core.ratelimit import over_hourly_limit
from lantern.intelligence import selectors, services
from lantern.intelligence.forms import (
    DisruptionForm,
    GradeForm,
    LinkPersonForm,
    NrmCreateForm,
    NrmUpdateForm,
    PublicReportForm,
    ReportForm,
    ShareForm,
    decisions_from,
    show_errors,
)
from lantern.intelligence.models import ReportStatus
from lantern.intelligence.services import SubjectInput

CONFLICT = "Someone else changed this record after you opened it. Your changes are kept below: check them and save again."
PUBLIC_REPORTS_PER_HOUR = 5
NOT_VISIBLE = "Enter the record number of a person you have access to"


def _police(role: str) -> bool:
    return role == Role.EXPLOITATION_POLICE


def _casework(role: str) -> bool:
    return role in CASEWORK_ROLES


def _nrm(role: str) -> bool:
    return role in selectors.NRM_ROLES


# --- Reporting --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@role_required(_casework, "intelligence_report")
def report_create(request: HttpRequest) -> HttpResponse:
    if not selectors.may_report(request.user):
        raise selectors.refuse(request.user, object_type="intelligence_report", reason="no agency")
    contexts = selectors.location_choices(request.user)
    form = ReportForm(request.POST or None, contexts=contexts)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_create(
                actor=request.user,
                text=form.cleaned_data["text"],
                source_details=form.cleaned_data["source_details"],
                occurred_on=form.cleaned_data["occurred_on"],
                subjects=form.subjects(),
            )
        except ValidationFailed as error:
            show_errors(form, error.errors)
        else:
            messages.success(
                request, f"Intelligence report {report.reference} sent to the police intelligence team."
            )
            return redirect("intelligence:report-sent")
    return render(request, "intelligence/report_form.html", {"form": form})


@role_required(_casework, "intelligence_report")
def report_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "intelligence/report_sent.html")


@require_http_methods(["GET", "POST"])
def public_share(request: HttpRequest) -> HttpResponse:
    """The public 'share what you know' form: no login, and it never says anything back."""
    form = PublicReportForm(request.POST or None)
    if request.method == "POST":
        if over_hourly_limit(request, scope="intelligence-public", per_hour=PUBLIC_REPORTS_PER_HOUR):
            return render(request, "intelligence/public_rate_limited.html", status=429)
        if form.is_valid():
            if form.cleaned_data["website"]:
                return redirect("intelligence:public-thanks")
            try:
                services.public_report_create(
                    text=form.cleaned_data["text"],
                    contact=form.cleaned_data["contact"],
                    subjects=form.subjects(),
                )
            except ValidationFailed as error:
                show_errors(form, error.errors)
            else:
                return redirect("intelligence:public-thanks")
    return render(
        request, "intelligence/public_form.html", {"form": form}, status=400 if form.errors else 200
    )


def public_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "intelligence/public_thanks.html")


# --- Reports for the police and partners -------------------------------------------------------


@role_required(_police, "intelligence_report_list")
def report_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in ReportStatus.values else ""
    reports = selectors.report_list_for(request.user, status=status)
    return render(
        request,
        "intelligence/report_list.html",
        {"reports": reports, "status": status, "statuses": ReportStatus.choices},
    )


@role_required(lambda role: role in selectors.SANITISED_READER_ROLES, "intelligence_shared_list")
def shared_list(request: HttpRequest) -> HttpResponse:
    reports = selectors.report_shared_list_for(request.user)
    return render(request, "intelligence/shared_list.html", {"reports": reports})


def _detail(request: HttpRequest, report_id: int, **forms_: Any) -> HttpResponse:
    view = selectors.report_get_for(request.user, report_id)
    report = view.report
    context: dict[str, Any] = {"view": view, "report": report}
    if view.full:
        context["grade_form"] = forms_.get("grade_form") or GradeForm(
            initial={
                "version": report.version,
                "source_grade": report.source_grade,
                "information_grade": report.information_grade,
                "handling": report.handling,
                "handling_conditions": report.handling_conditions,
                "sanitised_text": report.sanitised_text,
            }
        )
        context["link_form"] = forms_.get("link_form") or LinkPersonForm()
        context["share_form"] = forms_.get("share_form") or ShareForm(agencies=selectors.agency_choices())
        context["conflict"] = forms_.get("conflict", False)
        context["conflict_message"] = CONFLICT
    status = 400 if any(f is not None and f.errors for f in forms_.values() if hasattr(f, "errors")) else 200
    return render(request, "intelligence/report_detail.html", context, status=status)


def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    return _detail(request, report_id)


@require_POST
@role_required(_police, "intelligence_report")
def report_grade(request: HttpRequest, report_id: int) -> HttpResponse:
    report = selectors.report_for_police_get_for(request.user, report_id)
    form = GradeForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.report_grade(
                actor=request.user,
                report=report,
                expected_version=data["version"],
                source_grade=data["source_grade"],
                information_grade=data["information_grade"],
                handling=data["handling"],
                handling_conditions=data["handling_conditions"],
                sanitised_text=data["sanitised_text"],
            )
        except ValidationFailed as error:
            show_errors(form, error.errors)
        except ConflictingEdit as error:
            posted = request.POST.copy()
            posted["version"] = str(error.current_version)
            form = GradeForm(posted)
            form.is_valid()
            form.add_error(None, CONFLICT)
            return _detail(request, report_id, grade_form=form, conflict=True)
        else:
            messages.success(request, f"{report.reference} graded.")
            return redirect("intelligence:report-detail", report_id=report.pk)
    return _detail(request, report_id, grade_form=form)


@require_POST
@role_required(_police, "intelligence_report")
def report_link(request: HttpRequest, report_id: int) -> HttpResponse:
    report = selectors.report_for_police_get_for(request.user, report_id)
    form = LinkPersonForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        subject = SubjectInput(
            kind="person",
            person_id=data["person_record"],
            person_role=data["person_role"],
            nickname=data["nickname"],
        )
        try:
            services.report_subject_add(actor=request.user, report=report, subject=subject)
        except ValidationFailed as error:
            show_errors(
                form, {("person_record" if k == "person_id" else k): v for k, v in error.errors.items()}
            )
        else:
            messages.success(request, "Person linked to the report.")
            return redirect("intelligence:report-detail", report_id=report.pk)
    return _detail(request, report_id, link_form=form)


@require_POST
@role_required(_police, "intelligence_report")
def report_share(request: HttpRequest, report_id: int) -> HttpResponse:
    report = selectors.report_for_police_get_for(request.user, report_id)
    form = ShareForm(request.POST, agencies=selectors.agency_choices())
    if form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.share_decision_record(
                actor=request.user,
                report=report,
                to_agency=data["to_agency"],
                shared=data["shared"] == "yes",
                lawful_basis=data["lawful_basis"],
                purpose=data["purpose"],
                what_shared=data["what_shared"],
                reasons_not_shared=data["reasons_not_shared"],
            )
        except ValidationFailed as error:
            show_errors(form, error.errors)
        else:
            verb = "Shared with" if decision.shared else "Recorded the decision not to share with"
            messages.success(request, f"{verb} {decision.to_agency.name}.")
            return redirect("intelligence:report-detail", report_id=report.pk)
    return _detail(request, report_id, share_form=form)


@role_required(lambda role: role in {Role.ANALYST, Role.EXPLOITATION_POLICE}, "intelligence_summary")
def summary(request: HttpRequest) -> HttpResponse:
    return render(
        request, "intelligence/summary.html", {"summary": selectors.intelligence_summary_for(request.user)}
    )


# --- Adults of concern -------------------------------------------------------------------------


@role_required(_police, "person_of_concern_list")
def concern_list(request: HttpRequest) -> HttpResponse:
    people = selectors.person_of_concern_list_for(request.user)
    return render(request, "intelligence/concern_list.html", {"people": people})


@role_required(_police, "person_of_concern")
def concern_profile(request: HttpRequest, person_id: int) -> HttpResponse:
    profile = selectors.person_of_concern_get_for(request.user, person_id)
    return render(
        request, "intelligence/concern_profile.html", {"profile": profile, "person": profile.person}
    )


# --- Disruption --------------------------------------------------------------------------------


@role_required(_police, "disruption_list")
def disruption_list(request: HttpRequest) -> HttpResponse:
    disruptions = selectors.disruption_list_for(request.user)
    expiring = selectors.disruption_expiring_list_for(request.user)
    return render(
        request, "intelligence/disruption_list.html", {"disruptions": disruptions, "expiring": expiring}
    )


def _person_or_error(request: HttpRequest, form: Any, field: str) -> Any:
    person_id = form.cleaned_data.get(field)
    if not person_id:
        return None
    person = selectors.disruption_target_person_get_for(request.user, person_id)
    if person is None:
        form.add_error(field, NOT_VISIBLE)
    return person


@require_http_methods(["GET", "POST"])
@role_required(_police, "disruption")
def disruption_create(request: HttpRequest) -> HttpResponse:
    selectors.require_police(request.user, object_type="disruption")
    form = DisruptionForm(
        request.POST or None,
        types=selectors.disruption_type_choices(),
        contexts=selectors.location_choices(request.user),
        agencies=selectors.agency_choices(),
        initial={"agency": getattr(request.user, "agency_id", None)},
    )
    if request.method == "POST" and form.is_valid():
        target = _person_or_error(request, form, "target_person_record")
        child = _person_or_error(request, form, "protected_child_record")
        if not form.errors:
            data = form.cleaned_data
            try:
                services.disruption_create(
                    actor=request.user,
                    disruption_type=data["disruption_type"],
                    happened_on=data["happened_on"],
                    agency=data["agency"],
                    target_person=target,
                    target_context=data["target_context"],
                    protected_child=child,
                    outcome=data["outcome"],
                    expires_on=data["expires_on"],
                )
            except ValidationFailed as error:
                show_errors(
                    form,
                    {
                        ("target_person_record" if k == "target_person" else k): v
                        for k, v in error.errors.items()
                    },
                )
            else:
                messages.success(request, f"{data['disruption_type'].label} recorded.")
                return redirect("intelligence:disruption-list")
    return render(request, "intelligence/disruption_form.html", {"form": form})


# --- NRM referrals -----------------------------------------------------------------------------


@role_required(_nrm, "nrm_referral")
def nrm_list(request: HttpRequest) -> HttpResponse:
    referrals = selectors.nrm_referral_list_for(request.user)
    today = timezone.localdate()
    rows = [
        {"referral": r, "due": selectors.rg_decision_due(r), "late": selectors.rg_decision_late(r, today)}
        for r in referrals
    ]
    return render(request, "intelligence/nrm_list.html", {"rows": rows})


def _consent(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


@require_http_methods(["GET", "POST"])
@role_required(_nrm, "nrm_referral")
def nrm_create(request: HttpRequest) -> HttpResponse:
    form = NrmCreateForm(
        request.POST or None,
        agencies=selectors.first_responder_choices(),
        initial={"first_responder_agency": getattr(request.user, "agency_id", None)},
    )
    if request.method == "POST" and form.is_valid():
        person = _person_or_error(request, form, "person_record")
        if person is not None:
            data = form.cleaned_data
            submitted_at = timezone.make_aware(datetime.combine(data["submitted_on"], time(12, 0)))
            try:
                referral = services.nrm_referral_create(
                    actor=request.user,
                    person=selectors.nrm_person_get_for(request.user, person.pk),
                    first_responder_agency=data["first_responder_agency"],
                    submitted_at=min(submitted_at, timezone.now()),
                    consent_given=_consent(data["consent_given"]),
                    **decisions_from(data),
                )
            except ValidationFailed as error:
                show_errors(
                    form, {("person_record" if k == "person" else k): v for k, v in error.errors.items()}
                )
            else:
                messages.success(request, "NRM referral recorded.")
                return redirect("intelligence:nrm-detail", referral_id=referral.pk)
    return render(request, "intelligence/nrm_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@role_required(_nrm, "nrm_referral")
def nrm_detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = selectors.nrm_referral_get_for(request.user, referral_id)
    initial = {**decisions_from(referral.__dict__), "version": referral.version}
    form = NrmUpdateForm(request.POST or None, initial=initial)
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            services.nrm_referral_update(
                actor=request.user,
                referral=referral,
                expected_version=form.cleaned_data["version"],
                **decisions_from(form.cleaned_data),
            )
        except ValidationFailed as error:
            show_errors(form, error.errors)
        except ConflictingEdit as error:
            conflict = True
            posted = request.POST.copy()
            posted["version"] = str(error.current_version)
            form = NrmUpdateForm(posted)
            form.is_valid()
        else:
            messages.success(request, "NRM decisions saved.")
            return redirect("intelligence:nrm-detail", referral_id=referral.pk)
    context = {
        "referral": referral,
        "form": form,
        "due": selectors.rg_decision_due(referral),
        "late": selectors.rg_decision_late(referral),
        "conflict": conflict,
        "conflict_message": CONFLICT,
    }
    return render(request, "intelligence/nrm_detail.html", context, status=400 if form.errors else 200)
