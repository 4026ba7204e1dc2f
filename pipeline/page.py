"""The watch page: one static HTML file beside the video, with nothing to fetch but the video
(and, from a server, its ``.vtt``). Fonts and pictures are embedded as data URIs, so the page
works from a static host and opened from disk alike.

Chromium will not load a ``<track>`` from ``file://`` (each file is an origin of its own), so
the cues are embedded too: the script turns the ``<track>`` on only when served (it is not
``default``, which would make Chromium try, and log an error, from disk) and otherwise, or
when it fails or has no cues, adds the embedded cues as a text track. The transcript is always
drawn from the embedded cues.
"""

from __future__ import annotations

import base64
import html
import io
import json
from urllib.parse import quote

from pipeline.captions import Cue
from pipeline.publish import (
    ARTICLE_TITLE,
    SUMMARY,
    Link,
    clock,
    credits,
    one_line,
    sections,
    sources,
)
from scenes.fonts import FONT_FILES, FONTS_DIR, MONO, SANS

STORYBOARD_QUALITY = 82  # JPEG: the storyboard's flat colours keep well, at a fifth the bytes

CSS = """
*, *::before, *::after { box-sizing: border-box; }
html { background: var(--background); color: var(--text); }
body {
  margin: 0 auto; max-width: 84rem; padding: 1.25rem;
  font: 1rem/1.55 "Inter", system-ui, sans-serif;
}
h1, h2, h3 { color: var(--accent); line-height: 1.2; margin: 0 0 .6rem; }
h1 { font-size: clamp(1.6rem, 4vw, 2.4rem); }
h2 { font-size: 1.25rem; }
h3 { font-size: 1rem; color: var(--secondary); margin-top: 1rem; }
a { color: var(--accent); }
.lede { color: var(--muted); margin: .75rem 0 0; }
.layout {
  display: grid; gap: 1.25rem;
  grid-template-columns: minmax(0, 1fr) minmax(18rem, 26rem);
  grid-template-areas: "player transcript" "chapters transcript";
  align-items: start;
}
.player { grid-area: player; }
video {
  display: block; width: 100%; aspect-ratio: 16 / 9;
  background: var(--background); border-radius: .5rem;
}
.panel { background: var(--surface); border-radius: .5rem; padding: 1rem; }
.chapters { grid-area: chapters; }
.chapters ol { list-style: none; margin: 0; padding: 0; display: grid; gap: .25rem;
  grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); }
button { font: inherit; color: inherit; cursor: pointer; }
.chapter {
  width: 100%; display: flex; gap: .75rem; align-items: baseline; text-align: left;
  background: transparent; border: 1px solid transparent; border-radius: .4rem;
  padding: .45rem .6rem;
}
.chapter:hover { background: var(--background); }
.chapter[aria-current="true"] { border-color: var(--accent); background: var(--background); }
.chapter[aria-current="true"] .title { color: var(--accent); }
.time { font-family: "JetBrains Mono", ui-monospace, monospace; color: var(--highlight);
  font-size: .85rem; min-width: 3.2rem; }
.transcript { grid-area: transcript; display: flex; flex-direction: column;
  height: calc(100vh - 2.5rem); min-height: 24rem; position: sticky; top: 1.25rem; }
.transcript input {
  width: 100%; padding: .55rem .7rem; margin-bottom: .4rem; font: inherit;
  color: var(--text); background: var(--background);
  border: 1px solid var(--muted); border-radius: .4rem;
}
.status { color: var(--muted); font-size: .85rem; margin: 0 0 .4rem; min-height: 1.3em; }
#film-status { margin: .5rem 0 0; }
#film-status:empty { display: none; }
.lines { position: relative; overflow-y: auto; flex: 1; padding-right: .4rem; }
.lines p { margin: 0 0 .5rem; }
.cue {
  display: inline; background: transparent; border: 0; padding: .05rem .15rem;
  border-radius: .25rem; text-align: left;
}
.cue:hover { background: var(--background); }
.cue.active { background: var(--highlight); color: var(--background); }
.no-match { display: none; }
mark { background: var(--secondary); color: var(--background); border-radius: .15rem; }
:focus-visible { outline: 3px solid var(--highlight); outline-offset: 2px; }
.storyboard, .credits { margin-top: 1.25rem; }
.storyboard img { width: 100%; height: auto; border-radius: .4rem; }
.credits ul { margin: 0 0 1rem; padding-left: 1.2rem; }
.credits li { margin-bottom: .3rem; }
@media (max-width: 56rem) {
  body { padding: .75rem; }
  .layout { grid-template-columns: minmax(0, 1fr);
    grid-template-areas: "player" "chapters" "transcript"; }
  .transcript { position: static; height: 70vh; }
}
"""

# Plain ES2017, no template literals: the page must run as it is, with no build step.
SCRIPT = """
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("film-data").textContent);
  var video = document.getElementById("film");
  var cueButtons = Array.prototype.slice.call(document.querySelectorAll(".cue"));
  var chapterButtons = Array.prototype.slice.call(document.querySelectorAll(".chapter"));
  var lines = document.getElementById("lines");
  var search = document.getElementById("search");
  var status = document.getElementById("search-status");
  var filmStatus = document.getElementById("film-status");
  var track = video.querySelector("track");
  var embedded = null;

  // The <track> loads only from a server: Chromium refuses it from file:// (each file is an
  // origin of its own), so there, or if it fails or is empty, the embedded cues are added.
  function embedCaptions() {
    if (embedded) return;
    if (track) { track.remove(); track = null; }
    embedded = video.addTextTrack("captions", "English", "en");
    data.cues.forEach(function (c) { embedded.addCue(new VTTCue(c[0], c[1], c[2])); });
    embedded.mode = "showing";
  }
  if (!track || location.protocol === "file:") {
    embedCaptions();
  } else {
    track.addEventListener("error", embedCaptions);
    track.addEventListener("load", function () {
      if (!track.track.cues || track.track.cues.length === 0) embedCaptions();
    });
    track.track.mode = "showing";
  }

  // The last item starting at or before t.
  function lastStarted(starts, t) {
    var found = -1;
    for (var i = 0; i < starts.length && starts[i] <= t + 1e-3; i++) found = i;
    return found;
  }
  var chapterStarts = data.chapters.map(function (c) { return c[0]; });
  var cueStarts = data.cues.map(function (c) { return c[0]; });
  var current = -2;

  function keepInView(el) {
    var top = el.offsetTop, bottom = top + el.offsetHeight;
    if (top < lines.scrollTop || bottom > lines.scrollTop + lines.clientHeight) {
      lines.scrollTop = top - lines.clientHeight / 3;
    }
  }

  function show(t) {
    var chapter = lastStarted(chapterStarts, t);
    chapterButtons.forEach(function (b, i) {
      if (i === chapter) b.setAttribute("aria-current", "true");
      else b.removeAttribute("aria-current");
    });
    var k = lastStarted(cueStarts, t);
    if (k >= 0 && t >= data.cues[k][1]) k = -1;  // between two lines
    if (k === current) return;
    if (current >= 0) cueButtons[current].classList.remove("active");
    current = k;
    if (k >= 0) {
      cueButtons[k].classList.add("active");
      if (!cueButtons[k].classList.contains("no-match")) keepInView(cueButtons[k]);
    }
  }

  // A server that cannot send parts of a file (python -m http.server) leaves only what has
  // arrived seekable: to seek further, the page fetches the whole film once and plays that.
  var wanted = null;
  function canSeek(t) {
    for (var i = 0; i < video.seekable.length; i++) {
      if (video.seekable.start(i) <= t && t <= video.seekable.end(i)) return true;
    }
    return false;
  }
  function loadWhole() {
    if (filmStatus.textContent) return;
    filmStatus.textContent = "Loading the whole film to seek (this server sends no parts)\u2026";
    var playing = !video.paused;
    fetch(video.currentSrc).then(function (response) {
      if (!response.ok) throw new Error(response.statusText);
      return response.blob();
    }).then(function (blob) {
      video.addEventListener("loadedmetadata", function () {
        video.currentTime = wanted;
        wanted = null;
        filmStatus.textContent = "";
        if (playing) video.play();
      }, { once: true });
      video.src = URL.createObjectURL(blob);
    }).catch(function (error) {
      filmStatus.textContent = "The film could not be loaded to seek: " + error.message;
    });
  }
  function seek(t) {
    show(t);
    if (location.protocol !== "file:" && video.readyState >= 1 && !canSeek(t)) {
      wanted = t;
      loadWhole();
    } else {
      video.currentTime = t;
    }
  }
  ["timeupdate", "seeking", "seeked"].forEach(function (name) {
    video.addEventListener(name, function () {
      show(wanted === null ? video.currentTime : wanted);
    });
  });
  chapterButtons.forEach(function (b, i) {
    b.addEventListener("click", function () { seek(chapterStarts[i]); });
  });
  cueButtons.forEach(function (b, i) {
    b.addEventListener("click", function () { seek(cueStarts[i] + 0.01); });
  });

  search.addEventListener("input", function () {
    var words = search.value.trim().toLowerCase();
    var shown = 0;
    cueButtons.forEach(function (b, i) {
      var text = b.dataset.text || (b.dataset.text = b.textContent);
      var lower = text.toLowerCase();
      var match = !words || lower.indexOf(words) >= 0;
      b.classList.toggle("no-match", !match);
      b.textContent = "";
      var from = 0, at = words ? lower.indexOf(words) : -1;
      for (; at >= 0; at = lower.indexOf(words, from)) {  // each place the words are, marked
        var mark = document.createElement("mark");
        mark.textContent = text.slice(at, at + words.length);
        b.append(text.slice(from, at), mark);
        from = at + words.length;
      }
      b.append(text.slice(from));
      if (match) shown++;
    });
    document.querySelectorAll(".section").forEach(function (s) {
      s.hidden = !s.querySelector(".cue:not(.no-match)");
    });
    status.textContent = words ? shown + " of " + cueButtons.length + " lines match" : "";
  });
  show(video.currentTime || 0);
})();
"""


def data_uri(mime: str, data: bytes) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


def font_faces() -> str:
    """@font-face rules for the shipped fonts the page uses, embedded."""
    faces = [(SANS, 400, FONT_FILES[SANS][0]), (SANS, 700, FONT_FILES[SANS][1])]
    faces.append((MONO, 400, FONT_FILES[MONO][0]))
    rules = []
    for family, weight, name in faces:
        kind = "opentype" if name.endswith(".otf") else "truetype"
        uri = data_uri(f"font/{name.rsplit('.', 1)[1]}", (FONTS_DIR / name).read_bytes())
        rules.append(
            f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
            f'font-display: swap; src: url({uri}) format("{kind}"); }}'
        )
    return "\n".join(rules)


def as_jpeg(png: bytes) -> bytes:
    """A picture re-encoded as JPEG, to keep the page small."""
    from PIL import Image

    buffer = io.BytesIO()
    with Image.open(io.BytesIO(png)) as image:
        image.convert("RGB").save(buffer, format="JPEG", quality=STORYBOARD_QUALITY)
    return buffer.getvalue()


def link_item(link: Link) -> str:
    text = html.escape(link.text)
    if not link.url:
        return f"<li>{text}</li>"
    return f'<li><a href="{html.escape(link.url)}">{text}</a></li>'


def page_data(starts: list[float], titles: list[str], cues: list[Cue]) -> str:
    """The chapters and cues (seconds), as JSON safe inside a <script> element."""
    data = {
        "chapters": [[start, title] for start, title in zip(starts, titles, strict=True)],
        "cues": [[c.start / 1000, c.end / 1000, c.text] for c in cues],
    }
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


def watch_page(
    video_name: str,
    starts: list[float],
    titles: list[str],
    cues: list[Cue],
    palette: dict[str, str],
    poster_png: bytes,
    storyboard_png: bytes,
) -> str:
    """The watch page's HTML: the film with captions, its chapters, the transcript (seekable,
    searchable), the storyboard, sources and credits, in the film's palette and fonts."""
    colours = "".join(f"--{role.lower()}: {colour}; " for role, colour in palette.items())
    vtt_name = quote(video_name.rsplit(".", 1)[0] + ".vtt")
    chapter_items = "\n".join(
        f'<li><button type="button" class="chapter"><span class="time">{clock(start)}</span>'
        f'<span class="title">{number}. {html.escape(title)}</span></button></li>'
        for number, (start, title) in enumerate(zip(starts, titles, strict=True), start=1)
    )
    transcript, index = [], 0
    for section in sections(cues, starts, titles):
        buttons = []
        for cue in section.cues:
            buttons.append(
                f'<button type="button" class="cue" id="cue-{index}" '
                f'title="{clock(cue.start / 1000)}">{html.escape(one_line(cue.text))}</button>'
            )
            index += 1
        transcript.append(
            f'<section class="section"><h3>{section.number}. {html.escape(section.title)} '
            f'<span class="time">{clock(section.start)}</span></h3>'
            f"<p>{' '.join(buttons)}</p></section>"
        )
    title = html.escape(ARTICLE_TITLE)
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<meta name="description" content="{html.escape(SUMMARY)}">
<style>
{font_faces()}
:root {{ {colours}color-scheme: dark; }}
{CSS}</style>
</head>
<body>
<header>
<h1>{title}</h1>
</header>
<main class="layout">
<section class="player" aria-label="Film">
<video id="film" controls preload="metadata" playsinline
  poster="{data_uri("image/png", poster_png)}" src="{quote(video_name)}">
<track kind="captions" srclang="en" label="English" src="{vtt_name}">
</video>
<p class="status" id="film-status" aria-live="polite"></p>
<p class="lede">{html.escape(SUMMARY)}</p>
</section>
<nav class="chapters panel" aria-label="Chapters">
<h2>Chapters</h2>
<ol>
{chapter_items}
</ol>
</nav>
<section class="transcript panel" aria-label="Transcript">
<h2>Transcript</h2>
<input type="search" id="search" placeholder="Search the transcript"
  aria-label="Search the transcript" aria-controls="lines">
<p class="status" id="search-status" aria-live="polite"></p>
<div class="lines" id="lines">
{chr(10).join(transcript)}
</div>
</section>
</main>
<section class="storyboard panel" aria-label="Storyboard">
<h2>Storyboard</h2>
<img src="{data_uri("image/jpeg", as_jpeg(storyboard_png))}"
  alt="One key frame per chapter, titled">
</section>
<footer class="credits panel">
<h2>Sources</h2>
<ul>
{chr(10).join(link_item(link) for link in sources())}
</ul>
<h2>Credits</h2>
<ul>
{chr(10).join(link_item(link) for link in credits())}
</ul>
</footer>
<script type="application/json" id="film-data">{page_data(starts, titles, cues)}</script>
<script>{SCRIPT}</script>
</body>
</html>
"""
