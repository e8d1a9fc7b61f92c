"""One language edition's files, made in a render worker and staged for the run.

A worker renders an edition's print HTML once, its PDF on every paper the run asks for
(from one parsed document), its web HTML, a media advisory's calendar file and the photos
the HTML shows, and writes each to the run's staging area in output/. Only names and
hashes go back to the parent, which moves a run's files into place all at once
(``output_files.publish``). Nothing here decides what to build: ``build.plan_jobs`` did.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from pipeline.content.loader import Site
from pipeline.errors import BuildError
from pipeline.files import cannot_write
from pipeline.publish import output_files
from pipeline.publish.jobs import Job, print_copy, render_html
from pipeline.publish.render_workers import Task
from pipeline.render.images import ImageCache, is_raster
from pipeline.render.jinja_html import Templates, templates
from pipeline.render.template_view import calendar_file, web_images


@dataclass(frozen=True)
class EditionRender:
    """What the workers need to render the run's editions (inherited when they fork)."""

    site: Site
    tmpl: Templates
    staging: Path  # the run's staging area (``files.staging_area``), inside output/
    images: ImageCache
    editions: list[list[Job]]  # the jobs of each edition: its own paper first, then others

    def __getstate__(self) -> dict[str, object]:
        """Sent to the renderer process without the Jinja environment (it cannot be
        pickled): the renderer has loaded the same templates from the same folder."""
        state = dict(self.__dict__)
        state["tmpl"] = self.tmpl.folder
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        folder = state["tmpl"]
        assert isinstance(folder, Path)
        state = {**state, "tmpl": templates(folder)}
        for name, value in state.items():
            object.__setattr__(self, name, value)  # a frozen dataclass, being rebuilt

    @property
    def roots(self) -> list[Path]:
        """The only folders a render may read: content/ and templates/."""
        return [self.site.root, self.tmpl.folder]

    def tasks(self) -> list[Task]:
        """One task per edition, named by its first PDF and the files it draws."""
        drawn = [self.site.organization.logo] if self.site.organization.logo else []
        tasks = []
        for jobs in self.editions:
            sources = [*drawn, *(i.src for i in jobs[0].le.release.front.images)]
            files = tuple(str(self.site.root / src) for src in sources)
            tasks.append(Task(jobs[0].label, f"{jobs[0].stem}.pdf", files, weight=len(jobs)))
        return tasks

    def prepare_images(self) -> None:
        """Scale every photo once, for print and web, before the workers fork: they share
        the results instead of each encoding the same photo for its own language."""
        done: set[str] = set()
        for jobs in self.editions:
            release = jobs[0].le.release
            if release.id in done:
                continue
            done.add(release.id)
            for image in release.front.images:
                path = self.site.root / image.src
                if is_raster(path):
                    self.images.for_print(path)
                    self.images.for_web(path)

    def prepare_styles(self) -> None:
        """Parse style.css once, in the process that forks the workers: they share it.

        It is the same for every edition; each edition's ``_page.css`` (paper, running
        heads) is its own and parsed by the worker that renders it. fontTools' subsetter
        and instancer are loaded here too when the fonts may need them.
        """
        if not self.editions:
            return
        from pipeline.publish.font_listing import offers_variable_fonts
        from pipeline.render import weasyprint_pdf  # loads WeasyPrint: only when rendering
        from pipeline.render.weasyprint_import import load_fonttools_if_needed

        first = self.editions[0][0]
        _html, sheets = print_copy(first, self.tmpl, self.images)
        weasyprint_pdf.prepare(sheets[:1], self.site.root, self.roots, label=first.label)
        load_fonttools_if_needed(offers_variable_fonts())

    def render(self, index: int) -> list[output_files.Output]:
        """Render edition ``index`` and stage its files (runs in a worker)."""
        from pipeline.render.weasyprint_pdf import render_pdfs  # where PDFs are made

        jobs = self.editions[index]
        copies = [print_copy(job, self.tmpl, self.images) for job in jobs]
        pdfs = render_pdfs(copies, self.site.root, self.roots, label=jobs[0].label)
        outputs = []
        for job, pdf in zip(jobs, pdfs, strict=True):
            stage = self._stager(job)
            outputs.append(stage(f"{job.stem}.pdf", pdf))
            if job.paper:  # a copy on an outlet's paper: the PDF only, not on the public site
                continue
            web = render_html(job, self.tmpl, web=True, images=self.images)
            outputs.append(stage(f"{job.stem}.html", web.encode("utf-8")))
            calendar = calendar_file(job.le) if job.kind == "edition" else None
            if calendar is not None:  # a media advisory's event, beside its PDF
                outputs.append(stage(f"{job.stem}.ics", calendar))
            folder = job.stem.rsplit("/", 1)[0]
            for picture in web_images(job.le, self.images):  # the photos the HTML shows
                outputs.append(stage(f"{folder}/{picture.name}", picture.data))
        return outputs

    def _stager(self, job: Job) -> Callable[[str, bytes], output_files.Output]:
        def stage(relpath: str, data: bytes) -> output_files.Output:
            try:
                staged = output_files.stage(self.staging, relpath, data)
            except OSError as exc:  # a full disk, a folder in the way: said in one line
                raise BuildError(cannot_write(exc)) from None
            return job.output(relpath, staged)

        return stage


def by_edition(jobs: list[Job]) -> list[list[Job]]:
    """Jobs grouped by language edition, in plan order (a paper copy follows its edition)."""
    return [list(group) for _key, group in groupby(jobs, key=lambda job: job.edition_key)]
