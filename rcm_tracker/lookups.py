"""`in` lookups on integer columns that ignore values the column cannot hold.

Django answers `pk=<huge number>` with no rows, but `pk__in=[<huge number>]`
reaches the database driver and fails (OverflowError on SQLite, DataError on
PostgreSQL): a forged id in a multiple-choice form field became a server
error. Values outside the column's range can match no row, so they are
dropped, as Django's own `exact` lookup does.
"""

from typing import TYPE_CHECKING

from django.db import models
from django.db.models.fields.related_lookups import RelatedIn
from django.db.models.lookups import In

if TYPE_CHECKING:  # what the mixin below is mixed into
    _InBase = In
else:
    _InBase = object

INTEGER_TYPES = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveBigIntegerField",
    "PositiveSmallIntegerField",
}


class InRangeMixin(_InBase):
    def process_rhs(self, compiler, connection):
        field = self.lhs.output_field
        while getattr(field, "target_field", None) is not None:  # a relation: its key's type
            field = field.target_field
        internal_type = field.get_internal_type()
        if self.rhs_is_direct_value() and internal_type in INTEGER_TYPES:
            low, high = connection.ops.integer_field_range(internal_type)
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)


class IntegerRangeIn(InRangeMixin, In):
    pass


class RelatedIntegerRangeIn(InRangeMixin, RelatedIn):
    pass


def register() -> None:
    for field in (
        models.IntegerField,
        models.BigIntegerField,
        models.SmallIntegerField,
        models.PositiveIntegerField,
        models.PositiveBigIntegerField,
        models.PositiveSmallIntegerField,
        models.AutoField,
        models.BigAutoField,
        models.SmallAutoField,
    ):
        field.register_lookup(IntegerRangeIn)
    models.ForeignObject.register_lookup(RelatedIntegerRangeIn)
