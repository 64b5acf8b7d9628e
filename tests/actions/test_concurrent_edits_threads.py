"""Two saves of one record version in truly concurrent requests (PostgreSQL).

No module-level django_db mark here: the transactional test must set up its
database after `shared_data_rebuilt`, so that the rebuild runs after the flush.
"""

from __future__ import annotations

import threading

from django.db import connection
from django.test import Client

from actions.models import ActionItem
from tests.actions.test_concurrent_edits import _edit_url, _item_data, _label
from tests.conftest import need_service
from tests.factories import ActionItemFactory, UserFactory


def test_two_truly_concurrent_saves_of_one_version_leave_exactly_one_winner(
    shared_data_rebuilt, transactional_db
):
    """Real concurrent requests, each on its own connection: the row lock decides."""
    if connection.vendor != "postgresql":
        need_service("PostgreSQL (row locks across two connections)")
    item = ActionItemFactory(title="Original")
    editors = [UserFactory(email=f"editor{n}@test.example", role="secretariat") for n in range(2)]
    for _round in range(5):
        version = ActionItem.objects.get(pk=item.pk).revision
        start = threading.Barrier(2)
        statuses: dict[int, int] = {}

        def save(n: int, start: threading.Barrier, version: str, statuses: dict) -> None:
            client = Client()
            client.force_login(editors[n])
            start.wait()
            response = client.post(_edit_url(item), _item_data(item, f"Editor {n}", version))
            statuses[n] = response.status_code
            connection.close()

        threads = [
            threading.Thread(target=save, args=(n, start, version, statuses)) for n in range(2)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert sorted(statuses.values()) == [302, 409]
        winner = next(n for n, status in statuses.items() if status == 302)
        assert _label(item) == f"Editor {winner}"
