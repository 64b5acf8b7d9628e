"""The compilation of a comment round: every party's comments on one document version.

`compile_comments(version, ...)` gathers, with a fixed number of queries
whatever the number of rows, what the compilation page and its exports
show: the rows in order (section, then party), the general texts, and the
parties that sent no comments. Who may see how much is decided by the view
(`party` narrows the compilation to one country or organisation,
`show_responses` hides the secretariat's answers until they are published).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from actions.models import CommentRound, DocumentVersion, Obligation
from members.models import Country, Organisation

from .models import Submission, SubmissionComment, party_name

if TYPE_CHECKING:  # what compile_comments annotates on the versions and obligations it reads
    from django_stubs_ext import WithAnnotations

    class _Compiled(TypedDict):
        row_count: int
        party_name: Any

    class _Addressed(TypedDict):
        party_name: Any
        was_returned: bool

    CompiledSubmission = WithAnnotations[Submission, _Compiled]
    AddressedObligation = WithAnnotations[Obligation, _Addressed]


@dataclass
class PartyWithoutComments:
    """A party addressed by the request whose compilation holds no comment of it."""

    NOT_RECEIVED = "not_received"
    NO_COMMENTS = "no_comments"
    FILES_ONLY = "files_only"
    RETURNED = "returned"
    LABELS = {
        NOT_RECEIVED: _("No comments received"),
        NO_COMMENTS: _("No comments"),
        FILES_ONLY: _("Comments in attached files only"),
        RETURNED: _("Returned for revision; no other version received"),
    }

    party: Country | Organisation
    state: str
    submission: Submission | None = None

    @property
    def label(self) -> str:
        return str(self.LABELS[self.state])


@dataclass
class Compilation:
    """What one compilation shows; `rows` is a queryset, to paginate or export whole."""

    version: DocumentVersion
    round: CommentRound
    rows: QuerySet
    submissions: list[CompiledSubmission]
    without_comments: list[PartyWithoutComments]
    party: Country | Organisation | None = None
    show_responses: bool = True
    after_close: list[Submission] = field(default_factory=list)

    @property
    def document(self):
        return self.version.document

    @property
    def item(self):
        return self.version.document.action_item

    @property
    def general_texts(self) -> list[CompiledSubmission]:
        """The compiled versions that carry a general, free-text comment."""
        return [s for s in self.submissions if s.text.strip()]

    @property
    def commenting(self) -> list[CompiledSubmission]:
        """The compiled versions that hold comment rows, one per party."""
        return [s for s in self.submissions if s.row_count]

    def with_lateness(self, rows: Iterable[SubmissionComment]) -> list[SubmissionComment]:
        """Give each row `days_late`: how late its version came for this round (0: on time)."""
        rows = list(rows)
        for row in rows:
            row.days_late = self.round.late_days(row.submission)
        return rows

    def late_days(self, submission: Submission) -> int:
        return self.round.late_days(submission)


def compile_comments(
    version: DocumentVersion,
    *,
    party: Country | Organisation | None = None,
    show_responses: bool = True,
    include_after_close: bool = False,
) -> Compilation:
    """The compilation of the comments on `version` (read `version.comment_round` first).

    A closed round holds what was handed in up to its closing;
    `include_after_close` also lists the versions that came later on the
    same document version (for the secretariat: they are not part of it).
    """
    comment_round = CommentRound.of(version)
    until = comment_round.closed_at
    rows = (
        SubmissionComment.objects.compiled_for(version, until=until)
        .select_related(
            "submission__obligation__country",
            "submission__obligation__organisation",
            "responded_by",
        )
        .in_compilation_order()
    )
    compiled = Submission.objects.compiled_for(version, until=until)
    obligations = Obligation.objects.filter(action_item_id=version.document.action_item_id)
    if party is not None:
        rows = rows.for_party(party)
        compiled = compiled.for_party(party)
        obligations = obligations.for_party(party)
    submissions = list(
        compiled.select_related("obligation__country", "obligation__organisation")
        .annotate(row_count=Count("comments"), party_name=party_name("obligation__"))
        .order_by("party_name", "obligation_id")
    )
    for submission in submissions:
        submission.days_late = comment_round.late_days(submission)
    returned = Submission.objects.filter(
        obligation=OuterRef("pk"),
        document_version=version,
        status=Submission.Status.RETURNED,
    )
    if until is not None:
        returned = returned.filter(submitted_at__lte=until)
    obligations = (
        obligations.active()
        .select_related("country", "organisation")
        .annotate(party_name=party_name(), was_returned=Exists(returned))
        .order_by("party_name", "pk")
    )
    after_close: list[Submission] = []
    if include_after_close and until is not None:
        after_close = list(
            Submission.objects.sent()
            .filter(document_version=version, submitted_at__gt=until)
            .select_related("obligation__country", "obligation__organisation")
            .order_by("submitted_at", "pk")
        )
    return Compilation(
        version=version,
        round=comment_round,
        rows=rows,
        submissions=submissions,
        without_comments=_without_comments(obligations, submissions),
        party=party,
        show_responses=show_responses,
        after_close=after_close,
    )


def _without_comments(
    obligations: Iterable[AddressedObligation], submissions: list[CompiledSubmission]
) -> list[PartyWithoutComments]:
    """The addressed parties with nothing to compile, and why."""
    compiled = {s.obligation_id: s for s in submissions}
    found = []
    for obligation in obligations:
        submission = compiled.get(obligation.pk)
        if submission is None:
            state = (
                PartyWithoutComments.RETURNED
                if obligation.was_returned
                else PartyWithoutComments.NOT_RECEIVED
            )
        elif submission.no_comments:
            state = PartyWithoutComments.NO_COMMENTS
        elif not submission.row_count and not submission.text.strip():
            state = PartyWithoutComments.FILES_ONLY
        else:
            continue
        found.append(PartyWithoutComments(obligation.party, state, submission))
    return found
