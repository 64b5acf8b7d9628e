"""The floor: a page that fetches and renders N rows with one query and no logic.

Each measured page is compared with this view asked for as many rows as the
page's queries returned (beyond the session and the user, which the floor
reads too). It goes through the same middleware (session, user, CSP...),
signs in the same way and extends the same base template as the real pages,
and renders each row the least way a list of this site does: a link to the
object (reversed with {% url %}), its state and a date. So the ratio
page/floor is what the page's own queries and logic cost on top of what
showing that much data costs at the least.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import include, path

from actions.models import Obligation

FLOOR_TEMPLATE = engines["django"].from_string(
    """{% extends "base.html" %}{% block title %}Floor{% endblock %}{% block content %}
<h1 class="h3">Floor: {{ rows|length }} rows</h1>
<table class="table table-sm"><thead><tr>
<th scope="col">Obligation</th><th scope="col">Status</th><th scope="col">Created</th>
</tr></thead><tbody>
{% for pk, item, status, created in rows %}<tr>
<td><a href="{% url 'actions:action_item_detail' item %}">{{ pk }}</a></td>
<td>{{ status }}</td><td>{{ created }}</td>
</tr>{% endfor %}
</tbody></table>{% endblock %}"""
)


@login_required
def floor(request: HttpRequest, rows: int) -> HttpResponse:
    """`rows` obligations, in one query, in a plain table."""
    fetched = list(
        Obligation.objects.order_by("pk").values_list(
            "pk", "action_item_id", "status", "created_at"
        )[:rows]
    )
    return HttpResponse(FLOOR_TEMPLATE.render({"rows": fetched}, request))


urlpatterns = [
    path("bench/floor/<int:rows>/", floor, name="bench_floor"),
    path("", include("rcm_tracker.urls")),
]
