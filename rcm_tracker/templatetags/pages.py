"""Links between the pages of a paginated list that keep its filters."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, number: int, param: str = "page") -> str:
    """The current address with `param` set to `number`, every other parameter kept."""
    query = context["request"].GET.copy()
    query[param or "page"] = number
    return "?" + query.urlencode()
