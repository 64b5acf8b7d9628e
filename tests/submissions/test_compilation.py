"""The compilation page: one table of every comment on a document version, answered by the
secretariat, seen by each focal point as far as the round allows."""

import pytest
from django.urls import reverse

from actions.models import CommentRound
from submissions import services
from submissions.models import SubmissionComment
from tests.factories import CountryFactory, FocalPointFactory, SubmissionFactory

from .compilation_helpers import (
    TWO_DAYS_LATE,
    compilation_url,
    hand_in,
    responses_data,
    table_rows,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("after_the_deadline")]


@pytest.fixture
def version(commented_version):
    return commented_version


@pytest.fixture
def round_data(cr_obligation, mx_obligation, focal_cr, focal_mx):
    """Costa Rica sent two rows on time; Mexico one row, two days late; Mexico keeps a draft."""
    cr = hand_in(
        cr_obligation,
        focal_cr,
        [("3", "technical", "CR on 3"), ("1", "editorial", "CR on 1")],
        text="Costa Rica supports the inventory.",
    )
    mx = hand_in(mx_obligation, focal_mx, [("2", "general", "MX on 2")], when=TWO_DAYS_LATE)
    hand_in(mx_obligation, focal_mx, [("9", "general", "MX draft, never shown")], status="draft")
    return {"cr": cr, "mx": mx}


def rows_of(submission):
    return list(submission.comments.order_by("position"))


# Access ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "get", "post", "publish"),
    [
        ("anonymous", 302, 302, 302),
        ("secretariat", 200, 302, 302),
        ("manager", 200, 403, 403),
        ("focal_cr", 200, 403, 403),
        ("focal_mx", 200, 403, 403),
        ("focal_iom", 404, 404, 404),
    ],
)
def test_access_by_role(client_as, version, round_data, role, get, post, publish):
    client = client_as(role)
    row = rows_of(round_data["cr"])[0]
    assert client.get(compilation_url(version)).status_code == get
    answer = responses_data([(row, "accepted", "")])
    assert client.post(compilation_url(version), answer).status_code == post
    publish_url = reverse("submissions:compilation_publish", args=[version.pk])
    assert client.post(publish_url).status_code == publish
    row.refresh_from_db()
    assert row.response == ("accepted" if role == "secretariat" else "")
    published = CommentRound.objects.filter(published_at__isnull=False).exists()
    assert published == (role == "secretariat")


def test_publishing_is_a_post(client_as, version):
    url = reverse("submissions:compilation_publish", args=[version.pk])
    assert client_as("secretariat").get(url).status_code == 405


def test_an_unpublished_meeting_hides_the_compilation_from_focal_points(
    client_as, comment_item, version, round_data
):
    meeting = comment_item.resolution.meeting
    meeting.status, meeting.published_at = "draft", None
    meeting.save()
    assert client_as("focal_cr").get(compilation_url(version)).status_code == 404
    assert client_as("manager").get(compilation_url(version)).status_code == 200


# What each one sees ---------------------------------------------------------------------


def test_the_secretariat_sees_every_row_by_section_then_country_never_drafts(
    client_as, version, round_data
):
    response = client_as("secretariat").get(compilation_url(version))
    assert [row.comment for row in table_rows(response)] == ["CR on 1", "MX on 2", "CR on 3"]
    page = response.content.decode()
    assert "MX draft, never shown" not in page
    assert "Costa Rica supports the inventory." in page  # the general comment
    assert "3 comments" in page and "from 2 members." in page


def test_a_late_version_is_visibly_late(client_as, version, round_data):
    response = client_as("secretariat").get(compilation_url(version))
    late = {row.comment: row.days_late for row in table_rows(response)}
    assert late == {"CR on 1": 0, "MX on 2": 2, "CR on 3": 0}
    assert "Received 2 days late" in response.content.decode()


@pytest.mark.parametrize(("role", "own"), [("focal_cr", "CR"), ("focal_mx", "MX")])
def test_before_publication_a_focal_point_sees_only_its_own_rows(
    client_as, version, round_data, role, own
):
    response = client_as(role).get(compilation_url(version))
    comments = [row.comment for row in table_rows(response)]
    assert comments and all(comment.startswith(own) for comment in comments)
    page = response.content.decode()
    assert "Only the comments of" in page
    other = "MX on 2" if own == "CR" else "CR on 1"
    assert other not in page
    assert "Response of the secretariat" not in page  # responses wait for publication


def test_a_focal_point_never_sees_responses_before_publication(
    client_as, version, round_data, secretariat
):
    row = rows_of(round_data["cr"])[0]
    row.respond("not_accepted", "Out of the inventory's scope.", by=secretariat)
    page = client_as("focal_cr").get(compilation_url(version)).content.decode()
    assert "Out of the inventory" not in page
    services.publish_compilation(version, by=secretariat)
    page = client_as("focal_cr").get(compilation_url(version)).content.decode()
    assert "Out of the inventory" in page
    assert "Not accepted" in page


def test_after_publication_every_country_of_the_group_sees_the_whole_table(
    client_as, comment_item, version, round_data, secretariat, mexico
):
    services.publish_compilation(version, by=secretariat)
    for role in ("focal_cr", "focal_mx"):
        response = client_as(role).get(compilation_url(version))
        assert [row.comment for row in table_rows(response)] == ["CR on 1", "MX on 2", "CR on 3"]
        assert "MX draft, never shown" not in response.content.decode()
    # A participating country the request is not addressed to reads it too, once published.
    guest = CountryFactory()
    comment_item.resolution.meeting.participants.add(guest)
    client = client_as("anonymous")
    client.force_login(FocalPointFactory(country=guest).user)
    response = client.get(compilation_url(version))
    assert len(table_rows(response)) == 3
    # The item itself is not the guest's to open: no link to it.
    item_url = reverse("actions:action_item_detail", args=[comment_item.pk])
    assert item_url not in response.content.decode()
    assert item_url in client_as("focal_cr").get(compilation_url(version)).content.decode()
    # ... but an organisation that is neither addressed nor a participant does not.
    assert client_as("focal_iom").get(compilation_url(version)).status_code == 404


def test_a_participating_country_not_addressed_sees_nothing_before_publication(
    client_as, comment_item, version, round_data
):
    guest = CountryFactory()
    comment_item.resolution.meeting.participants.add(guest)
    client = client_as("anonymous")
    client.force_login(FocalPointFactory(country=guest).user)
    assert client.get(compilation_url(version)).status_code == 404


def test_countries_without_comments_are_named_and_say_why(
    client_as, comment_item, version, round_data, secretariat, costa_rica, mexico
):
    names = {"QB": "Belize Q", "QC": "Canada Q", "QP": "Panama Q", "QH": "Honduras Q"}
    belize, canada, panama, honduras = (
        CountryFactory(code=code, name_en=name, name_es=name) for code, name in names.items()
    )
    comment_item.address_to(countries=[costa_rica, mexico, belize, canada, panama, honduras])
    obligation = comment_item.obligations.get
    author = round_data["cr"].created_by
    hand_in(obligation(country=canada), author, no_comments=True)
    hand_in(obligation(country=panama), author, status="returned", reviewer=secretariat)
    files_only = hand_in(obligation(country=honduras), author)

    response = client_as("manager").get(compilation_url(version))
    states = {str(e.party): e.label for e in response.context["compilation"].without_comments}
    assert states == {
        "Belize Q": "No comments received",
        "Canada Q": "No comments",
        "Panama Q": "Returned for revision; no other version received",
        "Honduras Q": "Comments in attached files only",
    }
    page = response.content.decode()
    assert "No comments received" in page and "Comments in attached files only" in page
    assert reverse("submissions:submission_detail", args=[files_only.pk]) in page


def test_filters_narrow_the_table(client_as, version, round_data, mexico, secretariat):
    client = client_as("secretariat")
    by_country = client.get(compilation_url(version, country=mexico.pk))
    assert [row.comment for row in table_rows(by_country)] == ["MX on 2"]
    # Choosing a country narrows the whole compilation, general comments included.
    assert "Costa Rica supports the inventory." not in by_country.content.decode()
    by_type = client.get(compilation_url(version, comment_type="technical"))
    assert [row.comment for row in table_rows(by_type)] == ["CR on 3"]
    by_section = client.get(compilation_url(version, section="1"))
    assert [row.comment for row in table_rows(by_section)] == ["CR on 1"]
    rows_of(round_data["cr"])[0].respond("noted", "", by=secretariat)
    unanswered = client.get(compilation_url(version, response="unanswered"))
    assert [row.comment for row in table_rows(unanswered)] == ["CR on 1", "MX on 2"]
    none = client.get(compilation_url(version, comment_type="editorial", section="2"))
    assert table_rows(none) == []
    assert "No comment matches these filters." in none.content.decode()


def test_an_empty_round_says_so(client_as, version):
    page = client_as("secretariat").get(compilation_url(version)).content.decode()
    assert "No comment rows have been handed in on this version yet." in page
    assert "No comments received" in page


# The secretariat's responses ------------------------------------------------------------


def test_the_secretariat_answers_rows_and_only_changed_rows_are_written(
    client_as, version, round_data, secretariat
):
    first, third = rows_of(round_data["cr"])
    (second,) = rows_of(round_data["mx"])
    data = responses_data(
        [
            (first, "accepted_in_part", "Only the first sentence."),
            (second, "", ""),
            (third, "noted", ""),
        ]
    )
    response = client_as("secretariat").post(compilation_url(version), data, follow=True)
    assert "2 responses saved." in response.content.decode()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.response, first.response_rationale, first.responded_by) == (
        "accepted_in_part",
        "Only the first sentence.",
        secretariat,
    )
    assert (second.response, second.response_revision) == ("", 0)


@pytest.mark.parametrize(
    ("response", "rationale", "message"),
    [
        ("not_accepted", "", "observations are required when a comment is not accepted"),
        ("accepted_in_part", " ", "observations are required when a comment is accepted in part"),
        ("", "A rationale alone", "Choose the response, or clear the observations."),
    ],
)
def test_bad_responses_are_refused_next_to_their_row_and_nothing_is_saved(
    client_as, version, round_data, response, rationale, message
):
    first, third = rows_of(round_data["cr"])
    data = responses_data([(first, "accepted", "Fine."), (third, response, rationale)])
    answer = client_as("secretariat").post(compilation_url(version), data)
    page = answer.content.decode()
    assert answer.status_code == 200
    assert message in page
    assert "Nothing was saved" in page
    assert "Fine." in page  # typed, kept
    assert not SubmissionComment.objects.exclude(response="").exists()


def test_a_response_changed_meanwhile_is_not_overwritten_unknowingly(
    client_as, version, round_data, secretariat, manager
):
    row = rows_of(round_data["cr"])[0]
    stale = responses_data([(row, "not_accepted", "Mine.")])
    row.respond("accepted", "", by=secretariat)  # another member of the secretariat, meanwhile
    client = client_as("secretariat")
    refused = client.post(compilation_url(version), stale)
    assert refused.status_code == 409
    page = refused.content.decode()
    assert "changed this response meanwhile (now: Accepted)" in page
    assert "Mine." in page
    row.refresh_from_db()
    assert row.response == "accepted"
    # The page now names the current revision: saving again replaces the other answer.
    again = client.post(compilation_url(version), responses_data([(row, "not_accepted", "Mine.")]))
    assert again.status_code == 302
    row.refresh_from_db()
    assert (row.response, row.response_rationale) == ("not_accepted", "Mine.")


def test_rows_that_left_the_compilation_are_not_answered(client_as, version, round_data, focal_mx):
    (old,) = rows_of(round_data["mx"])
    cr_row = rows_of(round_data["cr"])[0]
    stale = responses_data([(cr_row, "accepted", ""), (old, "noted", "")])
    # Mexico hands in its draft meanwhile: its old row leaves the compilation.
    round_data["mx"].obligation.submissions.drafts().get().submit(by=focal_mx)
    response = client_as("secretariat").post(compilation_url(version), stale)
    assert response.status_code == 409
    assert "no longer in the compilation" in response.content.decode()
    assert [row.comment for row in table_rows(response)] == [cr_row.comment]
    assert not SubmissionComment.objects.exclude(response="").exists()


def test_publishing_says_so_and_shows_the_publication(client_as, version, round_data):
    client = client_as("secretariat")
    page = client.get(compilation_url(version)).content.decode()
    assert "Publish to the group" in page and "Not published" in page
    response = client.post(
        reverse("submissions:compilation_publish", args=[version.pk]), follow=True
    )
    page = response.content.decode()
    assert "The compilation is published" in page
    assert "Published to the group" in page and "Publish to the group" not in page


def test_the_manager_reads_responses_but_gets_no_form(client_as, version, round_data, secretariat):
    rows_of(round_data["cr"])[0].respond("noted", "Kept for version 2.", by=secretariat)
    response = client_as("manager").get(compilation_url(version))
    page = response.content.decode()
    assert "Kept for version 2." in page
    assert 'name="responses-TOTAL_FORMS"' not in page
    assert response.context["formset"] is None


# Queries --------------------------------------------------------------------------------


def test_the_page_runs_the_same_queries_for_few_and_many_rows(
    client_as, comment_item, version, round_data, secretariat, django_assert_num_queries
):
    services.publish_compilation(version, by=secretariat)
    clients = {role: client_as(role) for role in ("secretariat", "focal_cr")}
    counts = {}
    for role, client in clients.items():
        client.get(compilation_url(version))
        # secretariat: 1 session, 2 user, 3 the version, 4 commented sections, 5 whether an
        # organisation is a party (the filter), 6 latest submissions with row counts, 7 the item's
        # parties, 8 count of rows, 9 the page of rows, 10 the document's versions with their
        # rounds, 11 the item's countries (the filter); focal point: 4 its focal point, 5 whether
        # the item is addressed to it, then 6-13 as 4-11
        with django_assert_num_queries(11 if role == "secretariat" else 13) as few:
            client.get(compilation_url(version))
        counts[role] = len(few.captured_queries)

    # Many more countries, rows, answers and general texts; two pages of rows.
    countries = [CountryFactory() for _ in range(8)]
    addressed = [round_data["cr"].obligation.country, round_data["mx"].obligation.country]
    comment_item.address_to(countries=[*countries, *addressed])
    for country in countries:
        obligation = comment_item.obligations.get(country=country)
        submission = hand_in(
            obligation,
            round_data["cr"].created_by,
            [
                (f"{n}.{m}", "technical", f"{country.code} {n}.{m}")
                for n in range(5)
                for m in (1, 2, 3)
            ],
            text=f"General view of {country.code}",
        )
        for row in submission.comments.all()[:5]:
            row.respond("noted", "Seen.", by=secretariat)
    SubmissionFactory(obligation=comment_item.obligations.get(country=countries[0]), number=9)

    for role, client in clients.items():
        # the same queries as above
        with django_assert_num_queries(counts[role]):
            response = client.get(compilation_url(version))
        assert len(table_rows(response)) == 100  # the first page of 123 rows
        assert response.context["page"].paginator.count == 123
