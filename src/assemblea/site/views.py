from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from assemblea.assemblies.selectors import assemblies_of, assemblies_visible_to


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    context = {
        "recent": assemblies_visible_to(request.user)[:6],
        "mine": assemblies_of(request.user)[:20] if request.user.is_authenticated else [],
    }
    return render(request, "site/home.html", context)
