"""Maps of the places the sources name: YAML data drawn as SVG at build time.

The land, coasts and borders come from Natural Earth (public domain) as TopoJSON in the npm
package world-atlas; each place's coordinates come from a gazetteer cited in the data file.
Labels link to glossary entries with SVG 2's plain ``href``, which crawlers follow; the guide's
page head keeps Material's script from stopping on such links (see ``overrides/main.html``). The projection is
equirectangular, scaled by the cosine of the map's middle latitude, which keeps shapes true enough at this size.
"""

from __future__ import annotations

import html
import json
import math
import posixpath
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

from . import citations
from .errors import GuideError
from .glossary import relative_url
from .yamldata import check_fields, check_id, check_number, each, listed, load as load_yaml

# Presentation attributes, so the map looks right where the site's CSS does not reach (the PDF);
# docs/assets/studyguide.css adds the labels' halo and the dark scheme.
LINE = 'fill="none" stroke-linejoin="round"'
TEXT = 'font-family="DejaVu Sans, Verdana, sans-serif" font-size="12" fill="#1a1a1a"'

SOURCE_NEEDED = "needs a citation of the gazetteer or atlas, e.g. [@key, s.v. Name]"
ANCHORS = {"right": ("start", 7, 4), "left": ("end", -7, 4), "above": ("middle", 0, -8), "below": ("middle", 0, 15)}


@dataclass
class MapView:
    id: str
    title: str
    bbox: tuple[float, float, float, float]  # west, south, east, north
    width: int


@dataclass
class Place:
    slug: str
    lat: float
    lon: float
    cite: str
    maps: list[str]
    label: str = "right"
    note: str = ""


@dataclass
class Parallel:
    slug: str
    lat: float
    maps: list[str]
    span: tuple[float, float] | None = None  # west and east ends; None: across the whole map


@dataclass
class Atlas:
    path: Path
    cite: str
    views: dict[str, MapView]
    places: list[Place]
    parallels: list[Parallel]
    note: str = ""
    omit_borders: list[frozenset[str]] = field(default_factory=list)
    _topology: dict | None = field(default=None, repr=False)
    _quantised: list | None = field(default=None, repr=False)
    _arcs: dict = field(default_factory=dict, repr=False)
    _bounds: list | None = field(default=None, repr=False)
    _geometry: dict = field(default_factory=dict, repr=False)

    def topology(self) -> dict:
        if self._topology is None:
            self._topology = json.loads(self.path.read_text(encoding="utf-8"))
        return self._topology

    def geometry(self, view_id: str, draw) -> tuple[str, str, str]:
        """A view's land, coasts and borders, drawn once per build however many pages show it."""
        if view_id not in self._geometry:
            self._geometry[view_id] = draw()
        return self._geometry[view_id]

    def quantised(self) -> list[tuple[list[int], list[int]]]:
        """Each arc's points as TopoJSON's integers, undeltaed (once per build, however many maps are drawn)."""
        if self._quantised is None:
            self._quantised = [tuple(list(accumulate(d)) for d in zip(*arc)) for arc in self.topology()["arcs"]]
        return self._quantised

    def _scale(self) -> tuple[float, float, float, float]:
        transform = self.topology()["transform"]
        return (*transform["scale"], *transform["translate"])

    def arc(self, i: int) -> list[tuple[float, float]]:
        """Arc ``i`` as (lon, lat) points; only the arcs a map draws are ever decoded."""
        if i not in self._arcs:
            sx, sy, tx, ty = self._scale()
            xs, ys = self.quantised()[i]
            self._arcs[i] = [(x * sx + tx, y * sy + ty) for x, y in zip(xs, ys)]
        return self._arcs[i]

    def bounds(self) -> list[tuple[float, float, float, float]]:
        """Each arc's (west, south, east, north): lets a map skip the world outside its frame."""
        if self._bounds is None:
            sx, sy, tx, ty = self._scale()  # both scales are positive: the extremes stay extremes
            self._bounds = [(min(xs) * sx + tx, min(ys) * sy + ty, max(xs) * sx + tx, max(ys) * sy + ty)
                            for xs, ys in self.quantised()]
        return self._bounds


def load(path: Path, root: Path, known_keys: set[str], slugs: set[str]) -> Atlas:
    """Read and check the places file: every place needs coordinates, a citation and a glossary entry."""
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise GuideError(path, 1, "the places file must be a mapping with atlas, maps and places")
    check_fields(data, path, {"atlas", "atlas_cite", "note", "omit_borders", "maps", "places", "parallels"},
                 {"atlas", "atlas_cite", "maps", "places"}, "places file")
    atlas_path = root / data["atlas"]
    if not atlas_path.is_file():
        raise GuideError(path, data["__line__"], f"atlas: {data['atlas']} not found (run `npm ci`: the "
                                                 "Natural Earth data comes from the npm package world-atlas)")
    citations.required(data["atlas_cite"], path, data["__line__"], known_keys, "atlas_cite", SOURCE_NEEDED)
    views = {}
    for rec, line in each(listed(data, "maps", path, "places file")):
        check_fields(rec, path, {"id", "title", "bbox", "width"}, {"id", "title", "bbox", "width"}, "map", line)
        what = f"map {rec['id']}"
        check_id(rec["id"], path, line, what)
        if rec["id"] in views:
            raise GuideError(path, line, f"duplicate map id {rec['id']!r}")
        box = rec["bbox"]
        if (not isinstance(box, list) or len(box) != 4 or not all(isinstance(v, (int, float)) for v in box)
                or not (box[0] < box[2] and box[1] < box[3])):
            raise GuideError(path, line, f"{what}: bbox must be [west, south, east, north]")
        if not isinstance(rec["width"], int) or isinstance(rec["width"], bool) or rec["width"] <= 0:
            raise GuideError(path, line, f"{what}: width must be a whole number of pixels")
        views[rec["id"]] = MapView(rec["id"], rec["title"], tuple(box), rec["width"])
    places, seen = [], set()
    for rec, line in each(listed(data, "places", path, "places file")):
        what = f"place {rec.get('slug', '?')}" if isinstance(rec, dict) else "place"
        check_fields(rec, path, {"slug", "lat", "lon", "cite", "maps", "label", "note"},
                     {"slug", "lat", "lon", "cite", "maps"}, what, line)
        if rec["slug"] in seen:
            raise GuideError(path, line, f"duplicate place {rec['slug']!r}")
        seen.add(rec["slug"])
        if rec["slug"] not in slugs:
            raise GuideError(path, line, f"{what}: no glossary entry {rec['slug']!r} for the label to link to")
        lat, lon = rec["lat"], rec["lon"]
        if not (isinstance(lat, (int, float)) and isinstance(lon, (int, float)) and -90 <= lat <= 90 and -180 <= lon <= 180):
            raise GuideError(path, line, f"{what}: lat and lon must be decimal degrees")
        citations.required(rec["cite"], path, line, known_keys, what, SOURCE_NEEDED)
        _check_maps(rec["maps"], views, path, line, what)
        if rec.get("label", "right") not in ANCHORS:
            raise GuideError(path, line, f"{what}: label must be one of {', '.join(ANCHORS)}")
        places.append(Place(rec["slug"], float(lat), float(lon), str(rec["cite"]), list(rec["maps"]),
                            rec.get("label", "right"), str(rec.get("note", "")).strip()))
    parallels = []
    for rec, line in each(listed(data, "parallels", path, "places file")):
        what = f"parallel {rec.get('slug', '?')}" if isinstance(rec, dict) else "parallel"
        check_fields(rec, path, {"slug", "lat", "maps", "span"}, {"slug", "lat", "maps"}, what, line)
        if rec["slug"] not in slugs:
            raise GuideError(path, rec["__line__"], f"{what}: no glossary entry {rec['slug']!r}")
        lat = check_number(rec, "lat", path, what)
        _check_maps(rec["maps"], views, path, rec["__line__"], what)
        span = rec.get("span")
        if span is not None and not (isinstance(span, list) and len(span) == 2
                                     and all(isinstance(v, (int, float)) for v in span) and span[0] < span[1]):
            raise GuideError(path, rec["__line__"], f"{what}: span must be [west, east] in degrees")
        parallels.append(Parallel(rec["slug"], float(lat), list(rec["maps"]), tuple(span) if span else None))
    omit = listed(data, "omit_borders", path, "places file")
    if not all(isinstance(pair, list) and len(pair) == 2 for pair in omit):
        raise GuideError(path, data["__line__"], "omit_borders must list pairs of country names, e.g. [[A, B]]")
    return Atlas(atlas_path, str(data["atlas_cite"]), views, places, parallels, str(data.get("note", "")).strip(),
                 [frozenset(pair) for pair in omit])



def _check_maps(value, views, path, line, what):
    if not isinstance(value, list) or not value:
        raise GuideError(path, line, f"{what}: maps must list the ids of the maps that show it")
    for view in value:
        if view not in views:
            raise GuideError(path, line, f"{what}: no map {view!r} (maps: {', '.join(views)})")


# --- drawing -------------------------------------------------------------------

class _Projection:
    def __init__(self, view: MapView):
        west, south, east, north = view.bbox
        self.k = math.cos(math.radians((south + north) / 2))
        self.scale = view.width / ((east - west) * self.k)
        self.west, self.north = west, north
        self.width, self.height = view.width, round((north - south) * self.scale)

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return (lon - self.west) * self.k * self.scale, (self.north - lat) * self.scale


def _ring(atlas: Atlas, indices):
    points = []
    for i in indices:
        part = atlas.arc(i) if i >= 0 else atlas.arc(~i)[::-1]
        points.extend(part if not points else part[1:])
    return points


def _clip(ring, box):
    """Sutherland–Hodgman: the part of a polygon ring inside the rectangle ``box``."""
    west, south, east, north = box
    edges = [(lambda p: p[0] >= west, lambda a, b: _cut_x(a, b, west)),
             (lambda p: p[0] <= east, lambda a, b: _cut_x(a, b, east)),
             (lambda p: p[1] >= south, lambda a, b: _cut_y(a, b, south)),
             (lambda p: p[1] <= north, lambda a, b: _cut_y(a, b, north))]
    for inside, cut in edges:
        if not ring:
            break
        out = []
        for i, p in enumerate(ring):
            prev = ring[i - 1]
            if inside(p):
                if not inside(prev):
                    out.append(cut(prev, p))
                out.append(p)
            elif inside(prev):
                out.append(cut(prev, p))
        ring = out
    return ring


def _cut_x(a, b, x):
    return x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0])


def _cut_y(a, b, y):
    return a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y


def _runs(line, box):
    """The pieces of a polyline that lie inside ``box`` (enough for coasts and borders)."""
    west, south, east, north = box
    run = []
    for p in line:
        if west <= p[0] <= east and south <= p[1] <= north:
            run.append(p)
        else:
            if len(run) > 1:
                yield run
            run = []
    if len(run) > 1:
        yield run


def _path(points, project, close=False) -> str:
    coords = [project(*p) for p in points]
    d = "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    return d + ("Z" if close else "")


def _geometry(atlas: Atlas, box, project) -> tuple[str, str, str]:
    """Path data of the land, coasts and borders inside ``box`` (the same on every page)."""
    topology, bounds = atlas.topology(), atlas.bounds()
    land, uses = [], defaultdict(list)  # arc -> names of the countries it bounds
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for polygon in polygons:
            for ring in polygon:
                for i in ring:
                    uses[i if i >= 0 else ~i].append(geometry.get("properties", {}).get("name", ""))
                if not _overlaps([bounds[i if i >= 0 else ~i] for i in ring], box):
                    continue  # far away: nothing to clip
                clipped = _clip(_ring(atlas, ring), box)
                if len(clipped) > 2:
                    land.append(_path(clipped, project, close=True))
    near = [i for i in uses if _overlaps([bounds[i]], box)]
    coast = [_path(run, project) for i in near if len(uses[i]) == 1 for run in _runs(atlas.arc(i), box)]
    borders = [_path(run, project) for i in near if len(uses[i]) > 1 and frozenset(uses[i]) not in atlas.omit_borders
               for run in _runs(atlas.arc(i), box)]
    return "".join(land), "".join(coast), "".join(borders)


def _overlaps(bounds, box) -> bool:
    """Whether the rectangle around all of ``bounds`` (west, south, east, north) meets ``box``."""
    return (min(b[0] for b in bounds) <= box[2] and max(b[2] for b in bounds) >= box[0]
            and min(b[1] for b in bounds) <= box[3] and max(b[3] for b in bounds) >= box[1])


def render_svg(atlas: Atlas, view_id: str, names: dict[str, tuple[str, str, str, str]], page_url: str) -> str:
    """One map as inline SVG for the page at ``page_url``. ``names`` maps a glossary slug to
    (title, summary, docs-relative src, site URL)."""
    view = atlas.views[view_id]
    project = _Projection(view)
    margin = 1.0  # degrees: clip a little outside the frame so strokes do not stop short at the edge
    west, south, east, north = view.bbox
    box = (west - margin, south - margin, east + margin, north + margin)
    land, coast, borders = atlas.geometry(view_id, lambda: _geometry(atlas, box, project))

    uid = f"map-{view_id}"
    shown = [p for p in atlas.places if view_id in p.maps]
    out = [f'<svg class="guide-map" viewBox="0 0 {project.width} {project.height}" xmlns="http://www.w3.org/2000/svg" '
           f'role="group" aria-labelledby="{uid}-title {uid}-desc">',
           f'<title id="{uid}-title">{html.escape(view.title)}</title>',
           f'<desc id="{uid}-desc">Places marked: {html.escape(", ".join(names[p.slug][0] for p in shown))}.</desc>',
           f'<defs><clipPath id="{uid}-frame"><rect width="{project.width}" height="{project.height}"/></clipPath></defs>',
           f'<rect class="map-sea" width="{project.width}" height="{project.height}" fill="#e6eff7"/>',
           f'<g clip-path="url(#{uid}-frame)">',  # the land is drawn a little beyond the frame
           f'<path class="map-land" d="{land}" fill="#f4f1ea"/>',
           f'<path class="map-coast" d="{coast}" {LINE} stroke="#5b6b7d" stroke-width="0.8"/>',
           f'<path class="map-border" d="{borders}" {LINE} stroke="#7a5c48" stroke-dasharray="4 3"/>',
           f'</g><g class="map-labels" {TEXT}>']
    for par in atlas.parallels:
        if view_id not in par.maps:
            continue
        x0, y = project(max(west, par.span[0]) if par.span else west, par.lat)
        x1, _ = project(min(east, par.span[1]) if par.span else east, par.lat)
        title, summary, _, url = names[par.slug]
        href = relative_url(url, page_url)
        out.append(f'<path class="map-parallel" d="M{x0:.1f},{y:.1f}H{x1:.1f}" {LINE} stroke="#c2410c" '
                   f'stroke-width="1.5" stroke-dasharray="7 4"/>'
                   f'<a href="{href}" class="map-label"><title>{html.escape(title)}: {html.escape(summary)}</title>'
                   f'<text x="{x1 - 6:.1f}" y="{y - 5:.1f}" text-anchor="end">{html.escape(title)}</text></a>')
    for p in shown:
        x, y = project(p.lon, p.lat)
        title, summary, _, url = names[p.slug]
        anchor, dx, dy = ANCHORS[p.label]
        out.append(f'<a href="{relative_url(url, page_url)}" class="map-place"><title>{html.escape(title)}: '
                   f'{html.escape(summary)}</title><circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="#283593" stroke="#fff" stroke-width="1"/>'
                   f'<text x="{x + dx:.1f}" y="{y + dy:.1f}" text-anchor="{anchor}">{html.escape(title)}</text></a>')
    out.append("</g></svg>")
    return "".join(out)


def render(atlas: Atlas, view_id: str, names, page_src: str, page_url: str, map_page: str | None, full: bool) -> str:
    """Markdown for a map figure; away from the map page (not ``full``), the caption links to
    the table of places there."""
    view = atlas.views[view_id]
    base = posixpath.dirname(page_src)
    svg = render_svg(atlas, view_id, names, page_url)
    caption = f"**{html.escape(view.title)}.** Coasts and borders: Natural Earth {atlas.cite}."
    if atlas.note:
        caption += f" {atlas.note}"
    if map_page and not full:
        caption += f" [All places, with coordinates and sources]({posixpath.relpath(map_page, base)})."
    out = [f'<figure class="guide-map-figure nogloss" id="map-{view_id}" markdown>\n{svg}\n'
           f'<figcaption markdown="span">{caption}</figcaption>\n</figure>\n']
    return "".join(out)


def render_places(atlas: Atlas, view_id: str, names, page_src: str) -> str:
    """The text alternative of a map: its places, coordinates and sources as a table."""
    base = posixpath.dirname(page_src)
    out = ["| Place | Latitude | Longitude | Note |\n|---|---|---|---|\n"]
    for p in (p for p in atlas.places if view_id in p.maps):
        title, _, src, _ = names[p.slug]
        out.append(f"| [{title}]({posixpath.relpath(src, base)}) | {_deg(p.lat, 'N', 'S')} | "
                   f"{_deg(p.lon, 'E', 'W')} | {p.note} {p.cite} |\n")
    return "".join(out)


def _deg(value: float, pos: str, neg: str) -> str:
    return f"{abs(value):.2f}° {pos if value >= 0 else neg}"

