"""Stale edits refused, nothing lost: one mechanism, a revision number per record.

A record edited by several people carries `revision` (the `Revisioned` base;
every save moves it on). A page that edits it sends back the revision it
showed. The save runs in a transaction that first locks the row and compares
(`lock_at_revision`, or `lock_at_revisions` for many rows at once): when the
revision moved on, someone saved in between, and the edit is refused with the
record as it is now; the caller keeps what was typed and offers the current
revision, so saving again knowingly replaces the other change.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django import forms
from django.db import models
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

Row = TypeVar("Row", bound=models.Model)

if TYPE_CHECKING:  # what the form mixin below is mixed into
    _ModelFormBase = forms.ModelForm
else:
    _ModelFormBase = object


class Revisioned(models.Model):
    """A record whose every save moves `revision` on (see the module docstring)."""

    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.revision = (self.revision or 0) + 1
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "revision"}
        super().save(*args, **kwargs)


class StaleEdit(Exception, Generic[Row]):
    """Rows changed since they were read: `changed` maps each id to the row now (None: gone)."""

    def __init__(self, changed: Mapping[int, Row | None]) -> None:
        super().__init__("The record changed since it was read.")
        self.changed = dict(changed)


def lock_at_revisions(
    rows: models.QuerySet[Row], expected: Mapping[int, int], *, field: str = "revision"
) -> dict[int, Row]:
    """Lock the rows of `expected` (id → revision read) for the rest of the transaction.

    Returns them by id when each is still at the revision read; otherwise raises
    StaleEdit naming every row that moved on or left `rows`, so that one
    answer reports them all. Call it inside `transaction.atomic()`.
    """
    locked = {
        row.pk: row for row in rows.select_for_update(of=("self",)).filter(pk__in=list(expected))
    }
    changed = {
        pk: locked.get(pk)
        for pk, revision in expected.items()
        if pk not in locked or getattr(locked[pk], field) != revision
    }
    if changed:
        raise StaleEdit(changed)
    return locked


def lock_at_revision(
    rows: models.QuerySet[Row], pk: int, revision: int, *, field: str = "revision"
) -> Row:
    """The row `pk` of `rows`, locked, if it is still at `revision`; else raise StaleEdit."""
    return lock_at_revisions(rows, {pk: revision}, field=field)[pk]


class RevisionFormMixin(_ModelFormBase):
    """ModelForm mixin for a `Revisioned` record: refuse a save that started from an older one.

    The form carries the revision it showed; `clean()` locks the row and
    compares. Validate it inside the transaction that saves it.
    """

    stale_message = _(
        "Someone else saved this record after you opened it. Your changes are still in "
        "the form: compare them with the current record (open it in another tab), then "
        "save again to replace the other change."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["revision"] = forms.IntegerField(widget=forms.HiddenInput, required=False)
        if self.instance.pk:
            self.initial["revision"] = self.instance.revision
        # crispy renders hidden fields that its layout does not name.
        if hasattr(self, "helper"):
            self.helper.render_hidden_fields = True

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not self.instance.pk or self.errors:
            return data
        sent = data.get("revision")
        manager = type(self.instance)._default_manager
        try:
            locked = lock_at_revision(manager.all(), self.instance.pk, sent if sent else -1)
        except StaleEdit as stale:
            current = stale.changed[self.instance.pk]
            # Let the next save, made knowingly, go through.
            # Bound data is a QueryDict (a dict when a test builds the form): copy to change it.
            data_sent: MutableMapping[str, Any] = (
                self.data.copy() if isinstance(self.data, QueryDict) else dict(self.data)
            )
            data_sent[self.add_prefix("revision")] = (
                current.revision if isinstance(current, Revisioned) else ""
            )
            self.data = data_sent
            raise forms.ValidationError(self.stale_message, code="stale") from None
        self.instance.revision = locked.revision
        return data
