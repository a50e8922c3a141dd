"""The maintainers' admin: listings, their history, and the visitors' report and suggestion queues.

Every save of a listing goes through ``resources.services`` so that each changed field is recorded
and changes to a published listing's contact details wait for a second maintainer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from resources import services
from resources.languages import LANGUAGES
from resources.models import (
    Community,
    ImportBatch,
    ListingChange,
    ListingReport,
    Need,
    OpeningHours,
    Organization,
    Resource,
    ResourceLanguage,
    ResourceMode,
    ResourceState,
    ResourceSuggestion,
    SearchTerm,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

HISTORY_ON_PAGE = 50

# The listing as it was before the admin saved it, kept on the request between save_model() and
# save_related() (set and read with setattr/getattr: HttpRequest declares no such attribute).
LISTING_BEFORE = "_listing_before"


def staff_user(request: HttpRequest) -> User:
    """The signed-in maintainer: the admin lets no one else in (a cast for the type checker only)."""
    return cast(User, request.user)


class TaxonomyAdmin(admin.ModelAdmin):
    list_display = ["name", "name_es", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name", "name_es", "slug"]
    prepopulated_fields = {"slug": ["name"]}


admin.site.register(Need, TaxonomyAdmin)
admin.site.register(Community, TaxonomyAdmin)


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "website", "is_demo"]
    list_filter = ["is_demo"]
    search_fields = ["name"]
    readonly_fields = ["uuid"]


@admin.register(SearchTerm)
class SearchTermAdmin(admin.ModelAdmin):
    """The search vocabulary: what people type, and what it means here. Every edit is kept in this
    page's history (who, when, which fields); the search uses an edit within five minutes."""

    list_display = ["phrase", "language", "words", "need_names", "community_names"]
    list_filter = ["language", "needs", "communities"]
    search_fields = ["phrase", "words"]
    filter_horizontal = ["needs", "communities"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("needs", "communities")

    @admin.display(description=_("needs"))
    def need_names(self, term: SearchTerm) -> str:
        return ", ".join(need.name for need in term.needs.all())

    @admin.display(description=_("communities"))
    def community_names(self, term: SearchTerm) -> str:
        return ", ".join(community.name for community in term.communities.all())


class StaleFilter(admin.SimpleListFilter):
    """The queue to call: listings never confirmed with the service, or not in 12 months."""

    title = _("confirmed with the service")
    parameter_name = "verified"

    def lookups(self, request, model_admin):
        return [
            ("stale", _("Never confirmed, or not in 12 months")),
            ("recent", _("Confirmed in the last 12 months")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "stale":
            return queryset.stale()
        if self.value() == "recent":
            return queryset.exclude(pk__in=queryset.stale().values("pk"))
        return queryset


class ConfirmForm(forms.Form):
    """How and when the service itself confirmed one listing (phone or e-mail, and the date)."""

    via = forms.ChoiceField(
        label=_("How did the service confirm it?"),
        choices=[(Resource.ConfirmedVia.PHONE, _("By phone")), (Resource.ConfirmedVia.EMAIL, _("By e-mail"))],
        widget=forms.RadioSelect,
    )
    on = forms.DateField(label=_("On"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise forms.ValidationError(_("The date of the confirmation cannot be in the future."))
        return on


class ResourceLanguageForm(forms.ModelForm):
    code = forms.ChoiceField(
        label=_("language"), choices=[(tag, f"{names[0]} ({tag})") for tag, names in LANGUAGES.items()]
    )

    class Meta:
        model = ResourceLanguage
        fields = ["code"]


class ResourceLanguageInline(admin.TabularInline):
    model = ResourceLanguage
    form = ResourceLanguageForm
    extra = 0


class ResourceModeInline(admin.TabularInline):
    model = ResourceMode
    extra = 0


class ResourceStateInline(admin.TabularInline):
    model = ResourceState
    extra = 0
    verbose_name = _("state served (statewide listings)")
    verbose_name_plural = _("states served (statewide listings)")


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = [
        "name", "organization", "status", "service_area", "state", "country", "verification", "last_verified",
        "is_demo",
    ]  # fmt: skip
    list_select_related = ["organization"]
    list_filter = [
        "status",
        "needs",
        "communities",
        "state",
        "service_area",
        StaleFilter,
        "verification",
        ("is_demo", admin.BooleanFieldListFilter),
        "country",
        "needs_review",
        "import_batch",
    ]
    search_fields = ["name", "slug", "organization__name", "phone", "city", "zip_code"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["organization", "possible_duplicate"]
    inlines = [OpeningHoursInline, ResourceLanguageInline, ResourceModeInline, ResourceStateInline]
    readonly_fields = [
        "uuid", "created_at", "updated_at", "change_history", "verification", "confirmed_via", "verified_by",
        "confirmation", "import_batch", "source_record_id",
    ]  # fmt: skip
    actions = ["publish", "archive"]
    list_per_page = 100
    show_full_result_count = False  # a COUNT(*) over 100,000 rows on every page is not needed
    fieldsets = [
        (None, {"fields": ["name", "slug", "organization", "description", "description_es", "status", "is_demo"]}),
        (
            _("What it offers and for whom"),
            {"fields": ["needs", "communities", "serves_advocates", "is_state_coalition", "priority"]},
        ),
        (
            _("How to reach them"),
            {
                "description": _(
                    "On a published listing, changes here wait until a second maintainer confirms them "
                    "(Listing changes)."
                ),
                "fields": [
                    ("phone", "phone_notes", "phone_notes_es"),
                    ("text_number", "text_keyword"),
                    ("tty", "videophone"),
                    "chat_url",
                    "website",
                    "email",
                    "office_phone",
                    "local_help_url",
                ],
            },
        ),
        (
            _("Cost and notes"),
            {
                "fields": [
                    "cost",
                    ("cost_notes", "cost_notes_es"),
                    ("eligibility", "eligibility_es"),
                    "accessibility",
                    "confidentiality",
                ]
            },
        ),
        (_("Hours"), {"fields": ["is_24_7", "timezone", ("hours_notes", "hours_notes_es")]}),
        (
            _("Where"),
            {
                "fields": [
                    "service_area",
                    "service_radius_miles",
                    "street",
                    ("city", "state", "zip_code", "country"),
                    "address_visibility",
                    ("latitude", "longitude"),
                ]
            },
        ),
        (
            _("Source and how it was checked"),
            {
                "description": _(
                    "Pages say exactly how the listing was checked. Reading the service's web site is "
                    "“compiled from public sources”; only a phone call or an e-mail with the service itself is "
                    "“confirmed”, and that goes through “Confirm with the service”."
                ),
                "fields": [
                    "source_url",
                    ("source_name", "source_is_secondary"),
                    "verification",
                    "last_verified",
                    ("confirmed_via", "verified_by"),
                    "confirmation",
                ],
            },
        ),
        (
            _("Import"),
            {
                "classes": ["collapse"],
                "fields": ["import_batch", "source_record_id", "needs_review", "review_reason", "possible_duplicate"],
            },
        ),
        (_("History"), {"fields": ["change_history", "uuid", "created_at", "updated_at"]}),
    ]

    def get_urls(self):
        confirm = self.admin_site.admin_view(self.confirm_view)
        return [path("<int:pk>/confirm/", confirm, name="resources_resource_confirm"), *super().get_urls()]

    @admin.display(description=_("confirm with the service"))
    def confirmation(self, obj: Resource) -> str:
        if obj.pk is None:
            return "-"
        return format_html(
            '<a class="button" href="{}">{}</a>',
            reverse("admin:resources_resource_confirm", args=[obj.pk]),
            _("Confirm with the service"),
        )

    def confirm_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """One listing at a time: the maintainer says how the service confirmed it, and when."""
        resource = get_object_or_404(Resource, pk=pk)
        if not self.has_change_permission(request, resource):
            raise PermissionDenied
        form = ConfirmForm(request.POST or None, initial={"on": timezone.localdate()})
        if request.method == "POST" and form.is_valid():
            try:
                services.resource_confirm(
                    resource=resource, by=staff_user(request), via=form.cleaned_data["via"], on=form.cleaned_data["on"]
                )
            except services.DirectoryError as error:
                form.add_error(None, str(error))
            else:
                self.message_user(
                    request, _("“%(name)s” is confirmed with the service.") % {"name": resource.name}, messages.SUCCESS
                )
                return redirect("admin:resources_resource_change", resource.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": resource,
            "form": form,
            "title": _("Confirm with the service"),
        }
        return TemplateResponse(request, "admin/resources/resource/confirm.html", context)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in {"needs", "communities"}:
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("change history"))
    def change_history(self, obj: Resource) -> StrOrPromise:
        if obj.pk is None:
            return "-"
        changes = list(obj.changes.select_related("changed_by", "decided_by")[:HISTORY_ON_PAGE])
        if not changes:
            return _("No changes recorded yet.")
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    f"{change.changed_at:%Y-%m-%d %H:%M}",
                    change.changed_by or "-",
                    change.field,
                    change.before,
                    change.after,
                    change.get_status_display(),
                )
                for change in changes
            ),
        )
        link = reverse("admin:resources_listingchange_changelist") + "?" + urlencode({"resource__id__exact": obj.pk})
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>"
            '<tbody>{}</tbody></table><p><a href="{}">{}</a></p>',
            _("When"),
            _("Who"),
            _("Field"),
            _("Before"),
            _("After"),
            _("Status"),
            rows,
            link,
            _("All changes to this listing"),
        )

    # Saving goes through the service: the listing row first (holding guarded fields), then
    # Django saves the needs, communities and inlines, then the applied changes are recorded.
    def save_model(self, request: HttpRequest, obj: Resource, form, change: bool) -> None:
        setattr(request, LISTING_BEFORE, services.resource_snapshot(obj.pk) if change else {})
        held = services.resource_save(resource=obj, changed_by=staff_user(request), record_applied=False)
        if held:
            self.message_user(
                request,
                ngettext(
                    "%(count)d contact change waits for a second maintainer to confirm it.",
                    "%(count)d contact changes wait for a second maintainer to confirm them.",
                    len(held),
                )
                % {"count": len(held)},
                messages.WARNING,
            )

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        services.resource_record_changes(
            resource=form.instance, before=getattr(request, LISTING_BEFORE, {}), changed_by=staff_user(request)
        )

    def delete_model(self, request: HttpRequest, obj: Resource) -> None:
        services.resource_delete(resource=obj, deleted_by=staff_user(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for resource in queryset:
            services.resource_delete(resource=resource, deleted_by=staff_user(request))

    def _run(self, request: HttpRequest, queryset: QuerySet, action, done: StrOrPromise) -> None:
        count = 0
        for resource in queryset:
            try:
                action(resource)
            except services.DirectoryError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                count += 1
        if count:
            self.message_user(request, done % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Publish"), permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._run(
            request,
            queryset,
            lambda r: services.resource_publish(resource=r, published_by=staff_user(request)),
            _("%(count)d listings published."),
        )

    @admin.action(description=_("Archive"), permissions=["change"])
    def archive(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._run(
            request,
            queryset,
            lambda r: services.resource_archive(resource=r, archived_by=staff_user(request)),
            _("%(count)d listings archived."),
        )


class ReadOnlyQueueAdmin(admin.ModelAdmin):
    """Records made by workflows: readable, changed only through the actions."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        return [field.name for field in self.model._meta.fields]


@admin.register(ListingChange)
class ListingChangeAdmin(ReadOnlyQueueAdmin):
    list_display = ["changed_at", "resource_name", "field", "before", "after", "status", "changed_by", "decided_by"]
    list_select_related = ["changed_by", "decided_by"]
    list_filter = ["status", "field"]
    search_fields = ["resource_name", "field", "before", "after"]
    actions = ["confirm", "decline"]
    show_full_result_count = False

    @admin.action(description=_("Confirm (a second maintainer)"), permissions=["change"])
    def confirm(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._decide(
            request, queryset, services.listing_change_confirm, "confirmed_by", _("%(count)d changes applied.")
        )

    @admin.action(description=_("Decline"), permissions=["change"])
    def decline(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._decide(
            request, queryset, services.listing_change_decline, "declined_by", _("%(count)d changes declined.")
        )

    def _decide(self, request: HttpRequest, queryset: QuerySet, service, who: str, done: StrOrPromise) -> None:
        count = 0
        for change in queryset:
            try:
                service(change=change, **{who: staff_user(request)})
            except services.DirectoryError as error:
                self.message_user(request, f"{change}: {error}", messages.ERROR)
            else:
                count += 1
        if count:
            self.message_user(request, done % {"count": count}, messages.SUCCESS)


@admin.register(ListingReport)
class ListingReportAdmin(ReadOnlyQueueAdmin):
    list_display = ["submitted_on", "resource_link", "problem", "details", "status", "resolved_by"]
    list_select_related = ["resource", "resolved_by"]
    list_filter = ["status", "problem"]
    search_fields = ["resource__name", "details"]
    actions = ["resolve"]

    @admin.display(description=_("listing"), ordering="resource__name")
    def resource_link(self, obj: ListingReport) -> str:
        url = reverse("admin:resources_resource_change", args=[obj.resource_id])
        return format_html('<a href="{}">{}</a>', url, obj.resource.name)

    @admin.action(description=_("Resolve"), permissions=["change"])
    def resolve(self, request: HttpRequest, queryset: QuerySet) -> None:
        reports = list(queryset.filter(status=ListingReport.Status.OPEN))
        for report in reports:
            services.report_resolve(report=report, resolved_by=staff_user(request))
        self.message_user(request, _("%(count)d reports resolved.") % {"count": len(reports)}, messages.SUCCESS)


@admin.register(ResourceSuggestion)
class ResourceSuggestionAdmin(ReadOnlyQueueAdmin):
    list_display = ["submitted_on", "organization_name", "service_name", "area", "website", "status", "decided_by"]
    list_select_related = ["decided_by"]
    list_filter = ["status"]
    search_fields = ["organization_name", "service_name", "area", "description"]
    actions = ["mark_added", "decline"]

    def _decide(self, request: HttpRequest, queryset: QuerySet, status: str) -> None:
        suggestions = list(queryset.filter(status=ResourceSuggestion.Status.NEW))
        for suggestion in suggestions:
            services.suggestion_decide(suggestion=suggestion, decided_by=staff_user(request), status=status)
        self.message_user(request, _("%(count)d suggestions resolved.") % {"count": len(suggestions)}, messages.SUCCESS)

    @admin.action(description=_("Resolve: added to the directory"), permissions=["change"])
    def mark_added(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._decide(request, queryset, ResourceSuggestion.Status.ADDED)

    @admin.action(description=_("Resolve: decline"), permissions=["change"])
    def decline(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._decide(request, queryset, ResourceSuggestion.Status.DECLINED)


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    """What an import brought in, repaired and left for review; unpublish or delete it whole."""

    list_display = ["created_at", "source_name", "status", "counts_summary", "allows_republication", "created_by"]
    list_filter = ["status", "allows_republication"]
    search_fields = ["source_name", "file_name"]
    actions = ["unpublish_batch", "delete_batch"]
    change_form_template = "admin/resources/importbatch/change_form.html"
    change_list_template = "admin/resources/importbatch/change_list.html"
    # The licence may be corrected after the fact (it decides what the export and the API publish);
    # the rest is a record of what happened.
    fields = ["source_name", "file_name", "status", "license", "allows_republication", "summary"]
    readonly_fields = ["source_name", "file_name", "status", "summary"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # batches come from an import (the upload form or the command)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # the "delete batch" action deletes its listings first, through the service

    @admin.display(description=_("counts"))
    def counts_summary(self, obj: ImportBatch) -> str:
        counts = obj.counts or {}
        return _("%(created)s created, %(updated)s updated, %(skipped)s skipped of %(read)s") % {
            key: counts.get(key, 0) for key in ("created", "updated", "skipped", "read")
        }

    @admin.display(description=_("report"))
    def summary(self, obj: ImportBatch) -> str:
        from resources.hsds.jobs import batch_progress
        from resources.hsds.report import summary_lines

        parts = []
        if obj.status in {ImportBatch.Status.PENDING, ImportBatch.Status.RUNNING}:
            done, total = batch_progress(obj)
            parts.append(
                format_html(
                    '<p><progress max="{}" value="{}"></progress> {} {} / {} ({})</p>',
                    total or 1,
                    done,
                    obj.get_status_display(),
                    done,
                    total or "?",
                    obj.progress_phase or "-",
                )
            )
        if obj.error:
            parts.append(format_html('<p class="errornote">{}</p>', obj.error))
        if obj.counts:
            parts.append(format_html("<pre>{}</pre>", "\n".join(summary_lines(obj))))
        review = (obj.report or {}).get("needs_review") or []
        if review:
            link = (
                reverse("admin:resources_resource_changelist")
                + "?"
                + urlencode({"import_batch__id__exact": obj.pk, "needs_review__exact": 1})
            )
            parts.append(format_html('<p><a href="{}">{}</a></p>', link, _("Listings of this batch that need a look")))
            parts.append(
                format_html(
                    "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
                    _("Listing"),
                    _("Where in the package"),
                    _("Why"),
                    format_html_join(
                        "",
                        '<tr><td><a href="{}">{}</a></td><td>{}:{}</td><td>{}</td></tr>',
                        (
                            (
                                reverse("admin:resources_resource_change", args=[item["listing"]]),
                                item["name"],
                                item["file"],
                                item["line"],
                                "; ".join(item["reasons"]),
                            )
                            for item in review[:200]
                        ),
                    ),
                )
            )
        listings = reverse("admin:resources_resource_changelist") + "?" + urlencode({"import_batch__id__exact": obj.pk})
        parts.append(format_html('<p><a href="{}">{}</a></p>', listings, _("Every listing of this batch")))
        return format_html_join("", "{}", ((part,) for part in parts))

    def get_urls(self):
        from django.urls import path

        return [
            path("upload/", self.admin_site.admin_view(self.upload_view), name="resources_importbatch_upload"),
            *super().get_urls(),
        ]

    def upload_view(self, request: HttpRequest):
        from django.conf import settings
        from django.core.exceptions import PermissionDenied
        from django.shortcuts import redirect
        from django.template.response import TemplateResponse

        from resources.hsds.jobs import start_in_background
        from resources.hsds.upload import UploadForm, save_upload

        if not request.user.has_perm("resources.change_resource"):
            raise PermissionDenied
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            path = save_upload(data["package"])
            batch = ImportBatch.objects.create(
                source_name=data["source_name"],
                source_url=data["source_url"],
                license=data["license"],
                allows_republication=data["allows_republication"],
                take_all=data["take_all"],
                publish=data["publish"],
                file_name=data["package"].name[:300],
                upload_path=str(path),
                created_by=staff_user(request),
            )
            if settings.HSDS_IMPORT_IN_THREAD:
                start_in_background(batch.pk)
            self.message_user(request, _("The package is checked and waiting to be imported."), messages.SUCCESS)
            return redirect("admin:resources_importbatch_change", batch.pk)
        context = {**self.admin_site.each_context(request), "form": form, "title": _("Upload an HSDS package"),
                   "opts": self.model._meta}  # fmt: skip
        return TemplateResponse(request, "admin/resources/importbatch/upload.html", context)

    @admin.action(description=_("Unpublish every listing of the batch"), permissions=["change"])
    def unpublish_batch(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = 0
        for resource in Resource.objects.filter(import_batch__in=queryset, status=Resource.Status.PUBLISHED):
            resource.status = Resource.Status.DRAFT
            services.resource_save(resource=resource, changed_by=staff_user(request))
            count += 1
        self.message_user(request, _("%(count)d listings unpublished.") % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Delete the batch and every listing it brought in"), permissions=["change"])
    def delete_batch(self, request: HttpRequest, queryset: QuerySet) -> None:
        from django.db import transaction

        count = 0
        with transaction.atomic():
            for resource in Resource.objects.filter(import_batch__in=queryset):
                services.resource_delete(resource=resource, deleted_by=staff_user(request))
                count += 1
            batches = queryset.count()
            queryset.delete()
        self.message_user(
            request,
            _("%(batches)d batches and %(count)d listings deleted.") % {"batches": batches, "count": count},
            messages.SUCCESS,
        )
