"""Optimistic locking for edit forms: a stale save is refused, nothing is lost.

The edit page carries a token of the record's state as it was shown. The
save runs in a transaction that first locks the row (select_for_update) and
compares the token with the state now: if someone saved in between, the form
is refused with a clear message, the user's typed values stay in the form,
and the token moves on, so saving again knowingly replaces the other change.
"""

from __future__ import annotations

import hashlib
import json

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _


def state_token(instance: models.Model) -> str:
    """A digest of the record's fields, its many-to-many links and extra state it declares."""
    values: dict[str, object] = {
        field.attname: field.value_from_object(instance) for field in instance._meta.concrete_fields
    }
    for field in instance._meta.many_to_many:
        values[field.name] = sorted(getattr(instance, field.name).values_list("pk", flat=True))
    extra = getattr(instance, "concurrency_state", None)
    if callable(extra):
        values["extra"] = extra()
    digest = hashlib.sha256(json.dumps(values, default=str, sort_keys=True).encode())
    return digest.hexdigest()[:40]


class OptimisticLockMixin:
    """ModelForm mixin: refuse a save that started from an older state of the record.

    Build the bound form from an instance loaded with select_for_update inside
    the transaction that saves it, so that two saves cannot both pass.
    """

    stale_message = _(
        "Someone else saved this record after you opened it. Your changes are still in "
        "the form: compare them with the current record (open it in another tab), then "
        "save again to replace the other change."
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"] = forms.CharField(widget=forms.HiddenInput, required=False)
        self.current_version = state_token(self.instance) if self.instance.pk else ""
        self.initial["version"] = self.current_version
        # crispy renders hidden fields that its layout does not name.
        if hasattr(self, "helper"):
            self.helper.render_hidden_fields = True

    def clean(self):
        data = super().clean()
        sent = self.data.get(self.add_prefix("version"), "")
        if self.instance.pk and sent != self.current_version:
            # Let the next save, made knowingly, go through.
            self.data = self.data.copy()
            self.data[self.add_prefix("version")] = self.current_version
            raise forms.ValidationError(self.stale_message, code="stale")
        return data
