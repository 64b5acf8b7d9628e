"""Building comment rounds for the compilation tests: versions handed in with their rows."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import time_machine
from django.db.models import Max
from django.urls import reverse

from submissions.models import Submission, SubmissionComment

COSTA_RICA = zoneinfo.ZoneInfo("America/Costa_Rica")
# The comment_item fixture's deadline is 28 October 2020.
ON_TIME = dt.datetime(2020, 10, 20, 12, tzinfo=COSTA_RICA)
TWO_DAYS_LATE = dt.datetime(2020, 10, 30, 12, tzinfo=COSTA_RICA)
TODAY = dt.datetime(2020, 11, 10, 12, tzinfo=COSTA_RICA)


def hand_in(
    obligation,
    author,
    rows=(),
    *,
    text: str = "",
    no_comments: bool = False,
    version=None,
    when: dt.datetime = ON_TIME,
    status: str = "submitted",
    reviewer=None,
) -> Submission:
    """A version of `obligation` handed in at `when` with comment rows.

    `rows` are (section, type, comment) or dicts of SubmissionComment fields.
    `status` "draft" leaves it unsent; "acknowledged" and "returned" need
    a `reviewer`.
    """
    if version is None:
        version = obligation.action_item.documents.get().versions.order_by("-number").first()
    number = (obligation.submissions.aggregate(n=Max("number"))["n"] or 0) + 1
    submission = Submission.objects.create(
        obligation=obligation,
        number=number,
        text=text,
        no_comments=no_comments,
        document_version=version,
        created_by=author,
    )
    for position, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            section, kind, comment = row
            row = {"section": section, "comment_type": kind, "comment": comment}
        SubmissionComment(submission=submission, position=position, **row).save()
    if status == "draft":
        return submission
    with time_machine.travel(when, tick=False):
        submission.submit(by=author)
    if status == "acknowledged":
        submission.acknowledge(by=reviewer)
    elif status == "returned":
        submission.return_for_revision(by=reviewer, message="Please revise.")
    return submission


def compilation_url(version, **query) -> str:
    url = reverse("submissions:compilation", args=[version.pk])
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def export_url(version, fmt: str, **query) -> str:
    url = reverse("submissions:compilation_export", args=[version.pk, fmt])
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def responses_data(answers: list[tuple[SubmissionComment, str, str]]) -> dict:
    """POST data of the compilation page answering `(row, response, rationale)` in this order."""
    data = {
        "responses-TOTAL_FORMS": str(len(answers)),
        "responses-INITIAL_FORMS": str(len(answers)),
        "responses-MIN_NUM_FORMS": "0",
        "responses-MAX_NUM_FORMS": "200",
    }
    for index, (row, response, rationale) in enumerate(answers):
        data |= {
            f"responses-{index}-id": str(row.pk),
            f"responses-{index}-revision": str(row.response_revision),
            f"responses-{index}-response": response,
            f"responses-{index}-rationale": rationale,
        }
    return data


def table_rows(response) -> list:
    """The rows of the compilation table on the page, as the view passed them."""
    return [row for row, _form in response.context["entries"]]
