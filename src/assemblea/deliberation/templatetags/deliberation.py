from django import template

from assemblea.core.charts import percent_text

register = template.Library()


@register.filter
def clock(seconds: int | float | None) -> str:
    """Seconds as m:ss (h:mm:ss from an hour), for timers."""
    whole = max(round(seconds or 0), 0)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


@register.filter
def percent(share: float | None) -> str:
    return "–" if share is None else percent_text(share, 1)
