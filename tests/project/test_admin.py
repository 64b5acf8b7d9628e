"""Every model is in the admin, searchable and filterable, for superusers only."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from demo.demo import load_demo
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PROJECT_APPS = {"accounts", "members", "actions"}


def _project_models():
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS and not model.__name__.startswith("Historical")
    ]


def test_every_project_model_is_registered():
    missing = [m.__name__ for m in _project_models() if m not in admin.site._registry]
    assert missing == []


def test_every_changelist_searches_and_filters_for_a_superuser(client):
    load_demo()
    client.force_login(UserFactory(email="root@test.example", is_superuser=True, is_staff=True))
    for model in _project_models():
        model_admin = admin.site._registry[model]
        assert model_admin.search_fields, f"{model.__name__} has no search"
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        response = client.get(url, {"q": "a"})
        assert response.status_code == 200, model.__name__


def test_admin_is_closed_to_non_superusers(client_as):
    response = client_as("secretariat").get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/admin/login/" in response.url
