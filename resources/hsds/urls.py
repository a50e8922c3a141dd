"""/api/: the read-only HSDS 3.0 API (wired in metoo_site/urls.py, outside the language prefixes)."""

from django.urls import path

from resources.hsds import api

app_name = "api"

urlpatterns = [
    path("", api.api_root, name="root"),
    path("docs", api.api_docs, name="docs"),
    path("openapi.json", api.openapi, name="openapi"),
    path("schemas/<path:name>", api.schema_file, name="schema"),
    path("services", api.services, name="services"),
    path("services/<str:service_id>", api.service_detail, name="service"),
    path("organizations", api.organizations, name="organizations"),
    path("organizations/<str:organization_id>", api.organization_detail, name="organization"),
    path("taxonomies", api.taxonomies, name="taxonomies"),
    path("taxonomies/<str:taxonomy_id>", api.taxonomy_detail, name="taxonomy"),
    path("taxonomy_terms", api.taxonomy_terms, name="taxonomy_terms"),
    path("taxonomy_terms/<str:term_id>", api.taxonomy_term_detail, name="taxonomy_term"),
    path("service_at_locations", api.service_at_locations, name="service_at_locations"),
    path("service_at_locations/<str:sal_id>", api.service_at_location_detail, name="service_at_location"),
]
