"""Security middleware: which requests came over HTTPS, who the client is behind a trusted
reverse proxy, and the Content-Security-Policy of every response.

Django's own SECURE_PROXY_SSL_HEADER believes X-Forwarded-Proto from anyone who can reach
the app; here it is believed only from the addresses in settings.TRUSTED_PROXIES
(ASSEMBLEA_TRUSTED_PROXIES)."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def _address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def trusted_proxies() -> set[str]:
    addresses = getattr(settings, "TRUSTED_PROXIES", None)
    if addresses is None:
        addresses = getattr(settings, "API_TRUSTED_PROXIES", [])
    return {address for address in map(_address, addresses) if address}


def from_trusted_proxy(request: HttpRequest) -> bool:
    return _address(request.META.get("REMOTE_ADDR") or "") in trusted_proxies()


def client_address(request: HttpRequest) -> str:
    """The client's IP address: REMOTE_ADDR, or, when that is a trusted proxy, the nearest
    address in X-Forwarded-For that is not a trusted proxy itself (the one the proxy saw)."""
    remote = _address(request.META.get("REMOTE_ADDR") or "") or "unknown"
    trusted = trusted_proxies()
    if remote not in trusted:
        return remote
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _address(hop)
        if address is None:
            break
        if address not in trusted:
            return address
    return remote


class TrustedProxyMiddleware:
    """A request counts as HTTPS when it is, or when a trusted proxy says so in
    X-Forwarded-Proto. Goes first, before SecurityMiddleware (HTTPS redirect, HSTS)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        forwarded = request.META.get("HTTP_X_FORWARDED_PROTO", "")
        # The proxy nearest to the app appends last; a client may have sent its own value
        # first.
        scheme = forwarded.split(",")[-1].strip().lower()
        if scheme in {"http", "https"} and from_trusted_proxy(request):
            setattr(request, "_get_scheme", lambda: scheme)  # noqa: B010  (the scheme property)
        return self.get_response(request)


def content_security_policy() -> str:
    policy: dict[str, str] = getattr(settings, "CONTENT_SECURITY_POLICY", {})
    return "; ".join(f"{directive} {sources}".strip() for directive, sources in policy.items())


class ContentSecurityPolicyMiddleware:
    """Adds settings.CONTENT_SECURITY_POLICY to every response that has none."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        header = content_security_policy()
        if header and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = header
        return response
