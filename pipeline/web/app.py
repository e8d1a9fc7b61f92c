"""``pressroom serve``: the review page in a browser, for staff who have never seen a PO file.

Server-rendered pages (Jinja, autoescaped), a little vendored JavaScript, nothing loaded
from another site. Release ids and language codes in URLs are looked up in the content,
never used as paths. Reads need no lock; every write takes the same lock as the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import jinja2
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from pipeline.content.clock import today
from pipeline.content.loader import Release, Site, load_site
from pipeline.edition.status import plan_all
from pipeline.errors import PressroomError
from pipeline.files import locked
from pipeline.l10n.localize import direction, locale_of
from pipeline.publish.build import BuildOptions, build
from pipeline.web.review_actions import Change, Outcome, Result, apply_all, apply_change
from pipeline.web.review_model import FILTERS, Filter, ReviewPage, UnitView, review_page
from pipeline.web.security import (
    REVIEWER_COOKIE,
    TOKEN_COOKIE,
    Guard,
    csrf_ok,
    csrf_token,
    same,
)

HERE = Path(__file__).resolve().parent
NOTICES = {
    "approved": "Approved.",
    "saved": "Saved as a draft (not published).",
    "all": "The units shown were approved; see each unit for any that were not.",
    "name": "Your name is saved in this browser.",
}


@dataclass(frozen=True)
class Settings:
    content: Path
    output: Path
    token: str | None


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["language_name"] = language_name
    env.globals["direction"] = direction
    return env


def language_name(code: str) -> str:
    """A language named in itself (Español, Azərbaycan dili), falling back to its code."""
    try:
        name = locale_of(code).get_display_name(locale_of(code))
    except (ValueError, TypeError):
        return code
    return f"{name[:1].upper()}{name[1:]}" if name else code


class Pages:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.env = _environment()

    def render(self, request: Request, name: str, status: int = 200, **context: Any) -> Response:
        context.update(
            csrf=csrf_token(request),
            reviewer=reviewer_of(request),
            token_required=self.settings.token is not None,
        )
        html = self.env.get_template(name).render(**context)
        return HTMLResponse(html, status_code=status)

    def site(self) -> Site:
        return load_site(self.settings.content)

    def not_found(self, request: Request, message: str) -> Response:
        return self.render(request, "message.html", 404, title="Not found", message=message)

    def release_and_lang(self, request: Request) -> tuple[Site, Release, str] | Response:
        """The release and language named in the URL, matched against the content."""
        site = self.site()
        release = site.releases.get(str(request.path_params["release"]))
        lang = str(request.path_params["lang"])
        if release is None:
            return self.not_found(request, "There is no release with this name.")
        if lang not in release.front.languages:
            known = ", ".join(release.front.languages)
            return self.not_found(request, f"This release has no such language ({known}).")
        if lang == release.front.language:
            return self.not_found(request, "The release is written in this language.")
        return site, release, lang

    def refuse_post(self, request: Request, form: Any, need_name: bool) -> Response | None:
        """A forged or stale form, or an approval without a reviewer's name, is refused."""
        if not csrf_ok(request, _field(form, "csrf")):
            return self.render(request, "message.html", 403, title="Refused", message=CSRF_HELP)
        if need_name and not reviewer_of(request):
            return self.render(request, "message.html", 400, title="Your name", message=NAME_HELP)
        return None

    async def dashboard(self, request: Request) -> Response:
        site = self.site()
        editions = plan_all(site, None)
        return self.render(request, "dashboard.html", site=site, editions=editions)

    def _page(
        self, request: Request, site: Site, release: Release, lang: str, **extra: Any
    ) -> Response:
        which = str(request.query_params.get("show", "all"))
        shown: Filter = which if which in FILTERS else "all"
        page = review_page(site, release.id, lang, today(site.organization.timezone))
        notice = NOTICES.get(str(request.query_params.get("notice", "")), "")
        outcomes: dict[int, Outcome] = extra.pop("outcomes", {})
        return self.render(
            request,
            "review.html",
            extra.pop("status", 200),
            page=page,
            units=page.shown(shown),
            ready=approvable(page, shown),
            show=shown,
            filters=FILTERS,
            notice=notice,
            outcomes=outcomes,
            **extra,
        )

    async def review(self, request: Request) -> Response:
        found = self.release_and_lang(request)
        if isinstance(found, Response):
            return found
        return self._page(request, *found)

    async def save(self, request: Request) -> Response:
        found = self.release_and_lang(request)
        if isinstance(found, Response):
            return found
        site, release, lang = found
        form = await request.form()
        approve = _field(form, "action") == "approve"
        if (refused := self.refuse_post(request, form, need_name=approve)) is not None:
            return refused
        reviewer = reviewer_of(request)
        change = Change(
            scope=_field(form, "scope"),
            key=(
                _field(form, "msgctxt") if _field(form, "has_context") else None,
                _field(form, "msgid"),
            ),
            text=_field(form, "text").replace("\r\n", "\n").strip(),
            version=_field(form, "version"),
        )
        outcome = apply_change(
            self.settings.content, release.id, lang, change, reviewer or "web", approve
        )
        number = _field(form, "number")
        if outcome.result in (Result.SAVED, Result.APPROVED):
            notice = "approved" if outcome.result is Result.APPROVED else "saved"
            show = quote(str(request.query_params.get("show", "all")))
            target = f"{request.url.path.rsplit('/', 1)[0]}?show={show}&notice={notice}"
            return RedirectResponse(f"{target}#unit-{quote(number)}", status_code=303)
        status = 409 if outcome.result is Result.CONFLICT else 422
        return self._page(
            request, site, release, lang, outcomes={int(number or 0): outcome}, status=status
        )

    async def approve_all(self, request: Request) -> Response:
        found = self.release_and_lang(request)
        if isinstance(found, Response):
            return found
        site, release, lang = found
        form = await request.form()
        if (refused := self.refuse_post(request, form, need_name=True)) is not None:
            return refused
        reviewer = reviewer_of(request)
        which = _field(form, "show")
        shown: Filter = which if which in FILTERS else "all"
        page = review_page(site, release.id, lang, today(site.organization.timezone))
        # Only what the reviewer saw: the versions the review page carried, still current.
        submitted = {k[2:]: str(v) for k, v in form.multi_items() if k.startswith("v:")}
        offered = [u for u in approvable(page, shown) if f"{u.scope}:{u.number}" in submitted]
        ready = [u for u in offered if submitted[f"{u.scope}:{u.number}"] == u.version]
        if _field(form, "confirm") != "yes":
            return self.render(
                request,
                "confirm.html",
                page=page,
                ready=ready,
                show=shown,
                changed=len(offered) - len(ready),
                skipped=len(page.shown(shown)) - len(offered),
            )
        pairs = [(u, Change(u.scope, u.key, u.text, u.version)) for u in ready]
        outcomes = apply_all(
            self.settings.content, release.id, lang, [c for _, c in pairs], reviewer
        )
        by_number = {
            u.number: o
            for (u, _), o in zip(pairs, outcomes, strict=True)
            if o.result is not Result.APPROVED
        }
        if not by_number:
            path = request.url.path.rsplit("/", 1)[0]
            return RedirectResponse(f"{path}?show={quote(shown)}&notice=all", status_code=303)
        return self._page(request, site, release, lang, outcomes=by_number, status=409)

    async def set_reviewer(self, request: Request) -> Response:
        form = await request.form()
        if (refused := self.refuse_post(request, form, need_name=False)) is not None:
            return refused
        name = " ".join(_field(form, "name").split())[:80]
        back = _field(form, "back")
        target = back if back.startswith("/") and not back.startswith("//") else "/"
        response = RedirectResponse(target, status_code=303)
        if name:
            response.set_cookie(REVIEWER_COOKIE, quote(name), samesite="strict", httponly=True)
        return response

    async def review_copy(self, request: Request) -> Response:
        found = self.release_and_lang(request)
        if isinstance(found, Response):
            return found
        site, release, lang = found
        options = BuildOptions(
            content=self.settings.content,
            output=self.settings.output,
            ids=(release.id,),
            langs=(lang,),
            review_copies=True,
        )
        try:
            with locked(self.settings.content, timeout=60):
                build(options)
        except PressroomError as exc:
            return self.render(request, "message.html", 500, title="No copy", message=str(exc))
        day = plan_all(site, None, release.id)[0].edition.day.isoformat()
        folder = self.settings.output / release.id / day
        for candidate in (
            folder / "review" / f"{release.id}-{lang}-review.pdf",
            folder / lang / f"{release.id}-{lang}.pdf",
        ):
            if candidate.is_file():
                return FileResponse(candidate, media_type="application/pdf")
        return self.not_found(request, "No copy of this language could be made.")

    async def login(self, request: Request) -> Response:
        if request.method == "GET":
            return self.render(request, "login.html", failed=False)
        form = await request.form()
        if (refused := self.refuse_post(request, form, need_name=False)) is not None:
            return refused
        if self.settings.token is None or not same(_field(form, "token"), self.settings.token):
            return self.render(request, "login.html", 403, failed=True)
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(TOKEN_COOKIE, self.settings.token, httponly=True, samesite="strict")
        return response


CSRF_HELP = "This form is out of date or came from another site. Reload the page and try again."
NAME_HELP = "Approving needs your name: enter it at the top of the page, then approve again."


def approvable(page: ReviewPage, shown: Filter) -> list[UnitView]:
    """What "approve all shown" approves: drafts with text; outdated units one by one only."""
    return [u for u in page.shown(shown) if u.needs_review and u.text and u.previous_source is None]


def reviewer_of(request: Request) -> str:
    return " ".join(unquote(request.cookies.get(REVIEWER_COOKIE, "")).split())[:80]


def _field(form: Any, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def create_app(
    content: Path, output: Path, *, host: str = "127.0.0.1", port: int = 8000, token: str | None
) -> Starlette:
    pages = Pages(Settings(content.resolve(), output.resolve(), token))
    unit = "/review/{release}/{lang}"
    routes = [
        Route("/", pages.dashboard),
        Route(unit, pages.review),
        Route(unit + "/unit", pages.save, methods=["POST"]),
        Route(unit + "/approve-all", pages.approve_all, methods=["POST"]),
        Route("/review-copy/{release}/{lang}", pages.review_copy),
        Route("/reviewer", pages.set_reviewer, methods=["POST"]),
        Route("/login", pages.login, methods=["GET", "POST"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    guard = Guard(host, port, token)
    return Starlette(routes=routes, middleware=[Middleware(BaseHTTPMiddleware, dispatch=guard)])
