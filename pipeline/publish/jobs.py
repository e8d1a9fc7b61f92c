"""What one run renders: a job per output of a language edition, and what each job makes.

A job is one language edition on one paper: the edition itself (PDF, web HTML, a media
advisory's calendar file, the photos the HTML shows) or a copy on an outlet's paper (the
PDF only). Jobs are planned in the parent and rendered in the workers (``edition_render``).
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.edition import language_edition as editions
from pipeline.publish import output_files
from pipeline.publish.manifest_types import JobKind
from pipeline.render.images import ImageCache
from pipeline.render.jinja_html import Templates
from pipeline.render.template_view import view, web_images

PAGE_STYLESHEET = "_page.css"  # an edition's @page: paper, running heads (templates/)
STYLESHEET = "style.css"  # every edition's look (templates/)


@dataclass(frozen=True)
class Job:
    """One language edition to render: its HTML for print and web, and where they go."""

    le: editions.LanguageEdition
    kind: JobKind
    inputs: str
    paper: str | None = None  # a PDF-only variant on an outlet's paper (ID-LANG-letter.pdf)

    @property
    def stem(self) -> str:
        rel, day = self.le.release.id, self.le.edition.day.isoformat()
        if self.kind == "review":
            return f"{rel}/{day}/review/{rel}-{self.le.lang}-review"
        variant = f"-{self.paper.lower()}" if self.paper else ""
        return f"{rel}/{day}/{self.le.lang}/{rel}-{self.le.lang}{variant}"

    @property
    def edition_key(self) -> tuple[str, str, str, JobKind]:
        """Jobs with the same key are one edition on different papers (one HTML document)."""
        le = self.le
        return (le.release.id, le.edition.day.isoformat(), le.lang, self.kind)

    def output(self, relpath: str, staged: output_files.Staged) -> output_files.Output:
        """One staged file of this job, recorded with what it was built from."""
        le = self.le
        day = le.edition.day.isoformat()
        return output_files.Output(
            relpath, staged, self.inputs, le.release.id, le.lang, day, self.kind, self.paper
        )

    @property
    def label(self) -> str:
        return f"{self.le.release.id}, language {self.le.lang}"


def job_files(job: Job, images: ImageCache) -> list[str]:
    """Every file a job writes: PDF, HTML, a media advisory's .ics, the photos of the HTML."""
    if job.paper:  # a variant on an outlet's paper: the PDF only
        return [f"{job.stem}.pdf"]
    files = [f"{job.stem}.pdf", f"{job.stem}.html"]
    if job.kind == "edition" and job.le.release.front.advisory is not None:
        files.append(f"{job.stem}.ics")
    folder = job.stem.rsplit("/", 1)[0]
    return files + [f"{folder}/{picture.name}" for picture in web_images(job.le, images)]


def render_html(job: Job, tmpl: Templates, web: bool, images: ImageCache | None = None) -> str:
    """The edition as one standalone HTML page, styles inline: the web page; for print, what
    WeasyPrint alone would be given (the bench's baseline, and ``print_copy``'s fallback)."""
    le = job.le
    context = view(le, review=job.kind == "review", web=web, image_cache=images, paper=job.paper)
    return tmpl.render(f"{le.release.front.kind}.html", context, le.labels)


# What makes styles given apart cascade otherwise than inline (they count as user styles):
# another stylesheet in the page, !important, and @counter-style rules (kept per sheet).
_INLINE_ONLY = ("<style", "stylesheet", "!important", "@counter-style")


def print_copy(job: Job, tmpl: Templates, images: ImageCache | None) -> tuple[str, tuple[str, ...]]:
    """A job's print HTML without styles, and its stylesheet texts: style.css, its @page.

    The stylesheets are Jinja templates too (a press office may use the context in them);
    WeasyPrint parses each text once per worker (``weasyprint_pdf.parsed_stylesheet``), and
    copies of one edition on two papers share their HTML, so it is parsed once. A page whose
    styles would cascade otherwise when given apart (see ``_INLINE_ONLY``) is rendered
    as one standalone page, styles inline, exactly as before.
    """
    le = job.le
    context = view(
        le, review=job.kind == "review", image_cache=images, paper=job.paper, external_styles=True
    )
    html = tmpl.render(f"{le.release.front.kind}.html", context, le.labels)
    style = tmpl.render(STYLESHEET, context, le.labels)
    page = tmpl.render(PAGE_STYLESHEET, context, le.labels)
    if any(mark in text.lower() for text in (html, style, page) for mark in _INLINE_ONLY):
        return render_html(job, tmpl, web=False, images=images), ()
    return html, (style, page)
