"""Every address of the app before the apps were split still answers (issue 14).

The paths were listed from the URLconf before the split (commit 4c5760b); their
names moved with their views (`members:` answers to `submissions:`, the import
pages to `importer:`), and the comment round's page moved to actions and
redirects from its old address.
"""

from __future__ import annotations

import pytest
from django.urls import resolve

RENAMED_NAMESPACES = {
    "actions:report_import": "importer:report_import",
    "members:": "submissions:",
}
MOVED = {"members:comment_round": "comment_round_moved"}
STAYED_IN_MEMBERS = {
    "members:focal_point_deactivate",
    "members:focal_point_list",
    "members:invitation_accept",
    "members:invitation_create",
    "members:invitation_list",
    "members:invitation_resend",
    "members:invitation_revoke",
}

OLD_ADDRESSES = [
    ("/", "home"),
    ("/accounts/login/", "login"),
    ("/accounts/logout/", "logout"),
    ("/accounts/password/change/", "password_change"),
    ("/accounts/password/reset/", "password_reset"),
    ("/accounts/password/reset/sent/", "password_reset_done"),
    ("/accounts/password/reset/MQ/abc/", "password_reset_confirm"),
    ("/accounts/password/reset/done/", "password_reset_complete"),
    ("/accounts/profile/", "accounts:profile"),
    ("/accounts/language/", "accounts:set_language"),
    ("/accounts/two-factor/setup/", "accounts:two_factor_setup"),
    ("/accounts/two-factor/verify/", "accounts:two_factor_verify"),
    ("/accounts/two-factor/disable/", "accounts:two_factor_disable"),
    ("/actions/meetings/", "actions:meeting_list"),
    ("/actions/meetings/new/", "actions:meeting_create"),
    ("/actions/meetings/7/", "actions:meeting_detail"),
    ("/actions/meetings/7/edit/", "actions:meeting_edit"),
    ("/actions/meetings/7/copy/", "actions:meeting_copy"),
    ("/actions/meetings/7/publish/", "actions:meeting_publish"),
    ("/actions/meetings/7/report/", "actions:meeting_report"),
    ("/actions/meetings/7/history/", "actions:meeting_history"),
    ("/actions/meetings/7/resolutions/new/", "actions:resolution_create"),
    ("/actions/resolutions/7/edit/", "actions:resolution_edit"),
    ("/actions/resolutions/7/move/", "actions:resolution_move"),
    ("/actions/resolutions/7/delete/", "actions:resolution_delete"),
    ("/actions/items/", "actions:action_item_list"),
    ("/actions/items/status/", "actions:action_item_bulk_status"),
    ("/actions/resolutions/7/items/new/", "actions:action_item_create"),
    ("/actions/items/7/", "actions:action_item_detail"),
    ("/actions/items/7/edit/", "actions:action_item_edit"),
    ("/actions/items/7/status/", "actions:action_item_status"),
    ("/actions/items/7/delete/", "actions:action_item_delete"),
    ("/actions/items/7/history/", "actions:action_item_history"),
    ("/actions/items/7/documents/new/", "actions:document_create"),
    ("/actions/documents/7/versions/new/", "actions:document_version_create"),
    ("/actions/documents/versions/7/download/", "actions:document_version_download"),
    ("/actions/meetings/import/", "actions:report_import"),
    ("/actions/meetings/import/7/", "actions:report_import_review"),
    ("/actions/meetings/import/7/discard/", "actions:report_import_discard"),
    ("/actions/presidencies/", "actions:presidency_list"),
    ("/actions/presidencies/handover/", "actions:presidency_create"),
    ("/members/", "members:home"),
    ("/members/obligations/7/", "members:obligation_detail"),
    ("/members/obligations/7/draft/", "members:submission_edit"),
    ("/members/obligations/7/draft/submit/", "members:submission_confirm"),
    ("/members/obligations/7/draft/discard/", "members:submission_discard"),
    ("/members/obligations/7/revise/", "members:submission_revise"),
    ("/members/obligations/7/progress/", "members:progress_create"),
    ("/members/obligations/7/draft/comments-template.csv", "members:comment_template"),
    ("/members/submissions/7/", "members:submission_detail"),
    ("/members/submissions/7/review/", "members:submission_review"),
    ("/members/files/7/", "members:submission_file"),
    ("/members/documents/7/comment-round/", "members:comment_round"),
    ("/members/documents/7/compilation/", "members:compilation"),
    ("/members/documents/7/compilation/publish/", "members:compilation_publish"),
    ("/members/documents/7/compilation/export.csv", "members:compilation_export"),
    ("/members/review/", "members:review_queue"),
    ("/members/focal-points/", "members:focal_point_list"),
    ("/members/focal-points/7/deactivate/", "members:focal_point_deactivate"),
    ("/members/invitations/", "members:invitation_list"),
    ("/members/invitations/new/", "members:invitation_create"),
    ("/members/invitations/7/resend/", "members:invitation_resend"),
    ("/members/invitations/7/revoke/", "members:invitation_revoke"),
    ("/members/join/abc/", "members:invitation_accept"),
    ("/dashboards/", "dashboards:overview"),
    ("/dashboards/items/", "dashboards:item_list"),
    ("/dashboards/items/export.csv", "dashboards:item_export"),
    ("/dashboards/matrix/", "dashboards:matrix"),
    ("/dashboards/matrix/export.csv", "dashboards:matrix_export"),
    ("/dashboards/charts/", "dashboards:charts"),
    ("/dashboards/report/", "dashboards:report"),
    ("/dashboards/report/report.docx", "dashboards:report_docx"),
    ("/dashboards/calendar/", "dashboards:calendar"),
    ("/dashboards/calendar/7/revoke/", "dashboards:calendar_revoke"),
    ("/dashboards/calendar/abc.ics", "dashboards:calendar_feed"),
    ("/reminders/", "reminders:reminder_list"),
    ("/reminders/7/resend/", "reminders:reminder_resend"),
    ("/reminders/7/confirm-sent/", "reminders:reminder_confirm_sent"),
    ("/reminders/digests/7/resend/", "reminders:digest_resend"),
    ("/reminders/digests/7/confirm-sent/", "reminders:digest_confirm_sent"),
]


def _name_now(old: str) -> str:
    if old in MOVED:
        return MOVED[old]
    if old in STAYED_IN_MEMBERS:
        return old
    for before, after in RENAMED_NAMESPACES.items():
        if old.startswith(before):
            return after + old[len(before) :]
    return old


@pytest.mark.parametrize(("path", "old_name"), OLD_ADDRESSES)
def test_an_old_address_reaches_the_same_page(path, old_name):
    assert resolve(path).view_name == _name_now(old_name)
