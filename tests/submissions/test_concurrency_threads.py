"""Two saves of the same draft revision in truly concurrent transactions (PostgreSQL).

The view-level tests interleave two clients one request at a time; this one
runs two database connections at once to show that the conditional UPDATE
... WHERE revision = N, not the order of requests, decides: the second
transaction waits for the first one's row lock, then matches no row.
"""

import threading
import time

from django.db import connection, transaction

from accounts.models import User
from members.models import Country
from submissions import services
from submissions.models import Submission
from tests.conftest import need_service
from tests.factories import ActionItemFactory


def test_only_one_of_two_concurrent_saves_of_one_revision_wins(
    shared_data_rebuilt, transactional_db
):
    if connection.vendor != "postgresql":
        need_service("PostgreSQL (row locks held across two connections)")
    costa_rica = Country.objects.get(code="CR")
    primary = User.objects.get(email="focal.cr@test.example")
    alternate = User.objects.get(email="alternate.cr@test.example")
    item = ActionItemFactory()
    item.address_to(countries=[costa_rica])
    obligation = item.obligations.get()
    draft = Submission.objects.create(
        obligation=obligation, number=1, text="base", created_by=primary
    )
    first_has_claimed = threading.Event()
    outcome: dict[str, object] = {}

    def first() -> None:
        try:
            with transaction.atomic():
                services.save_draft(
                    obligation,
                    by=primary,
                    draft_id=draft.pk,
                    revision=1,
                    changes=services.DraftChanges(text="first"),
                )
                first_has_claimed.set()
                time.sleep(0.5)  # hold the row lock while the other one tries
            outcome["first"] = "saved"
        except services.DraftConflict:
            outcome["first"] = "refused"
        finally:
            first_has_claimed.set()
            connection.close()

    def second() -> None:
        first_has_claimed.wait(5)
        started = time.monotonic()
        try:
            services.save_draft(
                obligation,
                by=alternate,
                draft_id=draft.pk,
                revision=1,
                changes=services.DraftChanges(text="second"),
            )
            outcome["second"] = "saved"
        except services.DraftConflict:
            outcome["second"] = "refused"
        finally:
            outcome["second_waited"] = time.monotonic() - started
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)

    assert (outcome["first"], outcome["second"]) == ("saved", "refused")
    assert outcome["second_waited"] >= 0.3  # it waited for the first one's lock
    draft.refresh_from_db()
    assert (draft.text, draft.revision) == ("first", 2)
