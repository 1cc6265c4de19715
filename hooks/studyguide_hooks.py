"""MkDocs adapter for the ``studyguide`` package: each event hands over to it.

Bad input raises ``GuideError`` (file:line: message); it is re-raised as MkDocs'
``PluginError`` so the build stops with that message instead of a traceback.
"""

from __future__ import annotations

import functools
import logging
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.plugins import event_priority

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from studyguide.errors import GuideError  # noqa: E402
from studyguide import theme  # noqa: E402
from studyguide.noterefs import NoteReferences  # noqa: E402
from studyguide.site import Guide  # noqa: E402

log = logging.getLogger("mkdocs.studyguide")
guide: Guide | None = None


def loud(event):
    @functools.wraps(event)
    def wrapper(*args, **kwargs):
        try:
            return event(*args, **kwargs)
        except GuideError as exc:
            raise PluginError(str(exc)) from None
    return wrapper


@loud
def on_config(config):
    global guide
    root = Path(config.config_file_path).parent
    guide = Guide(root, Path(config.docs_dir), config.extra.get("studyguide"), config.config_file_path)
    config.markdown_extensions.append(NoteReferences())
    return config


@loud
def on_files(files, config):
    for src, text in guide.generated_pages().items():
        if files.get_file_from_path(src) is not None:
            raise PluginError(f"{config.docs_dir}/{src}: this page is generated from data; delete the file")
        files.append(File.generated(config, src, content=text))
    pages = [(f.src_uri, f.url, f.content_string) for f in files.documentation_pages()]
    guide.prepare(pages, config.nav)
    return files


@loud
def on_page_markdown(markdown, page, config, files):
    guide.page_meta(page.file.src_uri, page.meta)
    return guide.page_markdown(page.file.src_uri, markdown)


@loud
def on_page_content(html, page, config, files):
    html = guide.page_html(page.file.src_uri, page.url, html)
    page.present_anchor_ids |= guide.note_anchors(page.file.src_uri)
    return html


@loud
def on_env(env, config, files):
    missing = guide.unmentioned()
    if missing:
        log.info("glossary: %d entries mentioned on no page: %s", len(missing), ", ".join(e.slug for e in missing))


@event_priority(-100)  # after the search plugin has read the page, before the template shows it
@loud
def on_page_context(context, page, config, nav):
    page.content = guide.page_finished(page.file.src_uri)
    return context


@loud
def on_post_page(output, page, config):
    return guide.page_output(page.file.src_uri, output)


@loud
def on_post_build(config):
    theme.drop_palette_switching_rule(Path(config.site_dir))
