"""Building the POST data of the members' forms, as a browser would send it."""

from __future__ import annotations

from submissions.models import Submission


def draft_data(
    *,
    text: str = "",
    rows: list[dict] | tuple = (),
    draft: Submission | None = None,
    revision: int | None = None,
    action: str = "save",
    blank_rows: int = 1,
    **fields,
) -> dict:
    """POST data of the draft form: `rows` are comment rows, then `blank_rows` empty ones."""
    data = {
        "draft": str(draft.pk) if draft else "",
        "revision": str(revision if revision is not None else (draft.revision if draft else 0)),
        "text": text,
        "action": action,
        "comments-TOTAL_FORMS": str(len(rows) + blank_rows),
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "200",
    }
    for index, row in enumerate(rows):
        data[f"comments-{index}-comment_type"] = "general"
        for name, value in row.items():
            data[f"comments-{index}-{name}"] = value
    for index in range(len(rows), len(rows) + blank_rows):
        data[f"comments-{index}-comment_type"] = "general"
    data.update(fields)
    return data


def confirm_data(draft: Submission) -> dict:
    return {"draft": str(draft.pk), "revision": str(draft.revision)}
