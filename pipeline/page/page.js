// The watch page's script. Plain ES2017, no template literals and no framework: the page runs
// as it is, from a static host or from disk, with no build step and nothing to fetch.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("film-data").textContent);
  function $(id) { return document.getElementById(id); }
  function all(selector, root) {
    return Array.prototype.slice.call((root || document).querySelectorAll(selector));
  }
  var video = $("film");
  var cueButtons = all(".cue");
  var chapterButtons = all(".chapter");
  var lines = $("lines");
  var search = $("search");
  var status = $("search-status");
  var filmStatus = $("film-status");
  var caption = $("caption");
  var ccButton = $("cc");
  var nowButton = $("now");
  var track = video.querySelector("track");
  var embedded = null;
  var halfFrame = data.frame / 2;

  // --- Captions: the track is kept hidden (so nothing is drawn over the picture) and the
  // line being spoken is written under it. The <track> loads only from a server: Chromium
  // refuses it from file:// (each file is an origin of its own), so there, or if it fails or
  // is empty, the embedded cues are added as a text track.
  function embedCaptions() {
    if (embedded) return;
    if (track) { track.remove(); track = null; }
    embedded = video.addTextTrack("captions", "English", "en");
    data.cues.forEach(function (c) { embedded.addCue(new VTTCue(c[0], c[1], c[2])); });
    embedded.mode = "hidden";
  }
  if (!track || location.protocol === "file:") {
    embedCaptions();
  } else {
    track.addEventListener("error", embedCaptions);
    track.addEventListener("load", function () {
      if (!track.track.cues || track.track.cues.length === 0) embedCaptions();
    });
    track.track.mode = "hidden";
  }
  var captionsOn = true;
  function setCaptions(on) {
    captionsOn = on;
    ccButton.setAttribute("aria-pressed", String(on));
    caption.classList.toggle("off", !on);
  }
  ccButton.addEventListener("click", function () { setCaptions(!captionsOn); });

  // --- Roving tab stops: the chapter list and the transcript are one Tab stop each; the
  // arrow keys (and Home, End) move within them.
  function visible(el) { return !el.classList.contains("no-match"); }
  function setStop(items, item) {
    items.forEach(function (b) { b.tabIndex = b === item ? 0 : -1; });
  }
  function roving(container, items) {
    setStop(items, items[0]);
    container.addEventListener("focusin", function (e) {
      if (items.indexOf(e.target) >= 0) setStop(items, e.target);
    });
    container.addEventListener("keydown", function (e) {
      var shown = items.filter(visible);
      var i = shown.indexOf(document.activeElement);
      if (i < 0) return;
      var moves = { ArrowDown: i + 1, ArrowRight: i + 1, ArrowUp: i - 1, ArrowLeft: i - 1,
        Home: 0, End: shown.length - 1 };
      if (!(e.key in moves)) return;
      e.preventDefault();
      e.stopPropagation();
      var next = shown[Math.max(0, Math.min(shown.length - 1, moves[e.key]))];
      setStop(items, next);
      next.focus();
    });
  }
  roving($("chapter-list"), chapterButtons);
  roving(lines, cueButtons);
  function within(container) { return container.contains(document.activeElement); }

  // --- Following the voice: the line being spoken is highlighted and kept in view, until
  // the reader scrolls the transcript; then "Back to now" brings it back.
  function lastStarted(starts, t) {
    var found = -1;
    for (var i = 0; i < starts.length && starts[i] <= t + 1e-3; i++) found = i;
    return found;
  }
  var chapterStarts = data.chapters.map(function (c) { return c[0]; });
  var cueStarts = data.cues.map(function (c) { return c[0]; });
  var current = -2;
  var following = true;
  var reading = 0;  // until when a scroll is the reader's (performance.now() time)

  function keepInView(el) {
    var box = el.getBoundingClientRect(), view = lines.getBoundingClientRect();
    if (box.top < view.top || box.bottom > view.bottom) {
      lines.scrollTop += box.top - view.top - lines.clientHeight / 3;
    }
  }
  function follow(on) {
    following = on;
    if (on) reading = 0;  // the scrolling that brings the line back is the page's own
    nowButton.hidden = on;
    if (on && current >= 0 && visible(cueButtons[current])) keepInView(cueButtons[current]);
  }
  // Only the reader's own scrolling (a wheel, a finger, the scroll bar, the keys) stops the
  // following; the page's scrolling and a resized window do not.
  function reader() { reading = performance.now() + 800; }
  lines.addEventListener("wheel", reader, { passive: true });
  lines.addEventListener("touchmove", reader, { passive: true });
  lines.addEventListener("keydown", reader);
  lines.addEventListener("pointerdown", function (e) { if (e.target === lines) reader(); });
  lines.addEventListener("scroll", function () {
    if (following && performance.now() < reading) follow(false);
  });
  nowButton.addEventListener("click", function () { follow(true); });

  function show(t) {
    var chapter = lastStarted(chapterStarts, t);
    chapterButtons.forEach(function (b, i) {
      if (i === chapter) b.setAttribute("aria-current", "true");
      else b.removeAttribute("aria-current");
    });
    if (chapter >= 0 && !within($("chapter-list"))) setStop(chapterButtons, chapterButtons[chapter]);
    var k = lastStarted(cueStarts, t);
    if (k >= 0 && t >= data.cues[k][1]) k = -1;  // between two lines
    if (k === current) return;
    if (current >= 0) cueButtons[current].classList.remove("active");
    current = k;
    caption.textContent = k >= 0 ? data.cues[k][2] : "";
    if (k >= 0) {
      cueButtons[k].classList.add("active");
      if (visible(cueButtons[k])) {
        if (!within(lines)) setStop(cueButtons, cueButtons[k]);
        if (following) keepInView(cueButtons[k]);
      }
    }
  }

  // --- Seeking. A server that cannot send parts of a file (python -m http.server) leaves
  // only what has arrived seekable: to seek further, the page fetches the whole film once.
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
        if (playing) video.play().catch(function () {});
      }, { once: true });
      video.src = URL.createObjectURL(blob);
    }).catch(function (error) {
      filmStatus.textContent = "The film could not be loaded to seek: " + error.message;
    });
  }
  function seek(t) {
    if (video.duration) t = Math.max(0, Math.min(t, video.duration - halfFrame));
    show(t);
    if (location.protocol !== "file:" && video.readyState >= 1 && !canSeek(t)) {
      wanted = t;
      loadWhole();
    } else {
      video.currentTime = t;
    }
  }
  // A chapter starts on a frame boundary: half a frame in, the picture is the chapter's
  // first frame and never the previous chapter's last.
  function chapterTime(i) { return chapterStarts[i] + halfFrame; }
  ["timeupdate", "seeking", "seeked"].forEach(function (name) {
    video.addEventListener(name, function () {
      show(wanted === null ? video.currentTime : wanted);
    });
  });
  chapterButtons.forEach(function (b, i) {
    b.addEventListener("click", function (e) {
      e.preventDefault();  // a link to share; a click seeks without a history entry
      seek(chapterTime(i));
    });
  });
  cueButtons.forEach(function (b, i) {
    b.addEventListener("click", function (e) {
      e.preventDefault();
      follow(true);
      seek(cueStarts[i] + 0.01);
    });
  });

  // --- Links to a moment: #t=90 (or 1m30s, 1:30) and #chapter=<slug> (or a word of it).
  function parseTime(text) {
    var m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s?)?$/.exec(text);
    if (m && text) return (+m[1] || 0) * 3600 + (+m[2] || 0) * 60 + (+m[3] || 0);
    var parts = text.split(":").map(Number);
    if (parts.length > 1 && parts.every(isFinite)) {
      return parts.reduce(function (total, part) { return total * 60 + part; }, 0);
    }
    return null;
  }
  function chapterNamed(name) {
    name = name.toLowerCase();
    for (var pass = 0; pass < 2; pass++) {
      for (var i = 0; i < data.chapters.length; i++) {
        var slug = data.chapters[i][2];
        if (pass === 0 ? slug === name : slug.split("-").indexOf(name) >= 0) return i;
      }
    }
    return -1;
  }
  function linkedTime() {
    var params = new URLSearchParams(location.hash.slice(1));
    if (params.has("t")) return parseTime(params.get("t"));
    if (params.has("chapter")) {
      var i = chapterNamed(params.get("chapter"));
      return i >= 0 ? chapterTime(i) : null;
    }
    return null;
  }
  function openLinked() {
    var t = linkedTime();
    if (t === null) return;
    if (video.readyState >= 1) seek(t);
    else video.addEventListener("loadedmetadata", function () { seek(t); }, { once: true });
  }
  window.addEventListener("hashchange", openLinked);
  var linkStatus = $("link-status");
  $("copy-link").addEventListener("click", function () {
    var url = location.href.split("#")[0] + "#t=" + Math.floor(video.currentTime);
    function say(text) { linkStatus.textContent = text + " " + url; }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(url).then(function () { say("Copied:"); },
        function () { say("Copy this link:"); });
    } else {
      say("Copy this link:");
    }
  });

  // --- Speed and keys: space (or k) plays and pauses, the arrows skip 5 s (j, l: 10 s),
  // c turns the captions on and off, f goes full screen, m mutes, < and > change speed.
  var speed = $("speed");
  speed.addEventListener("change", function () { video.playbackRate = Number(speed.value); });
  video.addEventListener("ratechange", function () {
    var match = all("option", speed).filter(function (o) {
      return Number(o.value) === video.playbackRate;
    });
    if (match.length) speed.value = match[0].value;
  });
  function stepSpeed(by) {
    var next = speed.selectedIndex + by;
    if (next < 0 || next >= speed.options.length) return;
    speed.selectedIndex = next;
    video.playbackRate = Number(speed.value);
  }
  function toggleFullscreen() {
    var stage = $("stage");
    if (document.fullscreenElement) document.exitFullscreen();
    else if (stage.requestFullscreen) stage.requestFullscreen();
  }
  function togglePlay() {
    // play() refuses (a pause came first, or autoplay rules): the controls still say so.
    if (video.paused) video.play().catch(function () {}); else video.pause();
  }
  // Caught on the way down (capture), so the video's own controls do not act on the same
  // key too; the lists' and the figures' arrow keys are theirs.
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var target = e.target, tag = target.tagName;
    if (/^(INPUT|SELECT|TEXTAREA)$/.test(tag) || target.isContentEditable) return;
    var onControl = (tag === "BUTTON" || tag === "A") && target !== video;
    var owned = target.closest && target.closest(".figure, #chapter-list, #lines");
    switch (e.key) {
      case " ": case "k":
        if (onControl && e.key === " ") return;
        togglePlay(); break;
      case "ArrowLeft": case "ArrowRight": case "j": case "l":
        if (owned && e.key.indexOf("Arrow") === 0) return;
        var by = e.key === "j" || e.key === "l" ? 10 : 5;
        seek(video.currentTime + (e.key === "ArrowLeft" || e.key === "j" ? -by : by)); break;
      case "c": setCaptions(!captionsOn); break;
      case "f": toggleFullscreen(); break;
      case "m": video.muted = !video.muted; break;
      case "<": stepSpeed(-1); break;
      case ">": stepSpeed(1); break;
      default: return;
    }
    e.preventDefault();
    e.stopPropagation();
  }, true);

  // --- Searching the transcript.
  search.addEventListener("input", function () {
    var words = search.value.trim().toLowerCase();
    var shown = 0;
    cueButtons.forEach(function (b) {
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
    all(".section").forEach(function (s) {
      s.hidden = !s.querySelector(".cue:not(.no-match)");
    });
    var first = cueButtons.filter(visible)[0];
    var stop = cueButtons.filter(function (b) { return b.tabIndex === 0; })[0];
    if (first && (!stop || !visible(stop))) setStop(cueButtons, first);
    status.textContent = words ? shown + " of " + cueButtons.length + " lines match" : "";
  });

  // --- The figures, drawn from the film's own numbers (data.figures, exported by
  // scenes/compute/explorables.py): nothing below computes a result of its own.
  var SVG = "http://www.w3.org/2000/svg";
  function svgEl(name, attributes, parent) {
    var el = document.createElementNS(SVG, name);
    Object.keys(attributes).forEach(function (k) { el.setAttribute(k, attributes[k]); });
    if (parent) parent.appendChild(el);
    return el;
  }
  function htmlEl(name, className, text, parent) {
    var el = document.createElement(name);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    if (parent) parent.appendChild(el);
    return el;
  }

  function hullFigure(figure) {
    var svg = $("hull-svg"), scale = 100, reach = 2.55 * scale;
    var points = figure.keys.map(function (k) { return [k[0] * scale, -k[1] * scale]; });
    function at(indices) {
      return indices.map(function (i) { return points[i].join(","); }).join(" ");
    }
    var defs = svgEl("defs", {}, svg);
    var marker = svgEl("marker", { id: "arrowhead", viewBox: "0 0 10 10", refX: 8, refY: 5,
      markerWidth: 5, markerHeight: 5, orient: "auto-start-reverse" }, defs);
    svgEl("path", { d: "M0,0 L10,5 L0,10 z", class: "arrowhead" }, marker);
    svgEl("line", { x1: -270, y1: 0, x2: 270, y2: 0, class: "axis" }, svg);
    svgEl("line", { x1: 0, y1: -270, x2: 0, y2: 270, class: "axis" }, svg);
    svgEl("polygon", { points: at(figure.hull), class: "hull" }, svg);
    var chain = svgEl("polyline", { class: "chain" }, svg);
    var support = svgEl("line", { class: "support" }, svg);
    var dots = points.map(function (p, i) {
      var vertex = figure.hull.indexOf(i) >= 0;
      return svgEl("circle", { cx: p[0], cy: p[1], r: vertex ? 8 : 6, id: "hull-key-" + i,
        class: vertex ? "key vertex" : "key" }, svg);
    });
    var labels = svgEl("g", {}, svg);
    var arrow = svgEl("line", { x1: 0, y1: 0, class: "query", "marker-end": "url(#arrowhead)" },
      svg);
    var handle = svgEl("circle", { r: 16, class: "handle", tabindex: 0, role: "slider",
      "aria-label": "Query direction, in degrees", "aria-valuemin": 0, "aria-valuemax": 359 },
      svg);
    var readout = $("hull-readout");
    var degrees = figure.start;

    function render(d) {
      degrees = ((d % 360) + 360) % 360;
      var look = figure.lookups[degrees];
      var angle = degrees * Math.PI / 180, dx = Math.cos(angle), dy = -Math.sin(angle);
      arrow.setAttribute("x2", dx * (reach - 14));
      arrow.setAttribute("y2", dy * (reach - 14));
      handle.setAttribute("cx", dx * reach);
      handle.setAttribute("cy", dy * reach);
      handle.setAttribute("aria-valuenow", degrees);
      handle.setAttribute("aria-valuetext", degrees + " degrees, best key " + look.best);
      chain.setAttribute("points", at(look.chain));
      var best = points[look.best], far = 4 * scale;
      support.setAttribute("x1", best[0] - dy * far);
      support.setAttribute("y1", best[1] + dx * far);
      support.setAttribute("x2", best[0] + dy * far);
      support.setAttribute("y2", best[1] - dx * far);
      dots.forEach(function (dot, i) {
        dot.classList.toggle("probe", look.probes.indexOf(i) >= 0);
        dot.classList.toggle("best", i === look.best);
      });
      while (labels.firstChild) labels.removeChild(labels.firstChild);
      look.probes.forEach(function (key, n) {
        var label = svgEl("text", { x: points[key][0] + 11, y: points[key][1] - 9,
          class: "probe-label" }, labels);
        label.textContent = String(n + 1);
      });
      svg.dataset.degrees = degrees;
      svg.dataset.best = look.best;
      readout.textContent = "Query at " + degrees + "\u00b0: the best key is key " + look.best +
        ", found with " + look.probes.length + " comparison" +
        (look.probes.length === 1 ? "" : "s") + " along a " + look.chain.length +
        "-vertex chain of the hull; scoring every key takes " + points.length + ".";
    }
    function degreesAt(e) {
      var point = svg.createSVGPoint();
      point.x = e.clientX;
      point.y = e.clientY;
      var p = point.matrixTransform(svg.getScreenCTM().inverse());
      return Math.round(Math.atan2(-p.y, p.x) * 180 / Math.PI);
    }
    var dragging = false;
    svg.addEventListener("pointerdown", function (e) {
      dragging = true;
      svg.setPointerCapture(e.pointerId);
      render(degreesAt(e));
      handle.focus({ preventScroll: true });
      e.preventDefault();
    });
    svg.addEventListener("pointermove", function (e) { if (dragging) render(degreesAt(e)); });
    ["pointerup", "pointercancel"].forEach(function (name) {
      svg.addEventListener(name, function () { dragging = false; });
    });
    handle.addEventListener("keydown", function (e) {
      var step = e.shiftKey ? 15 : 1;
      var by = { ArrowLeft: step, ArrowUp: step, ArrowRight: -step, ArrowDown: -step }[e.key];
      if (by === undefined) return;
      e.preventDefault();
      render(degrees + by);
    });
    render(degrees);
  }

  function softmaxFigure(figure) {
    var slider = $("temperature"), value = $("temperature-value");
    var names = ["the top of the stack", "the value below it"];
    var reads = figure.reads.map(function (read, r) {
      var box = htmlEl("div", "read", undefined, $("softmax-reads"));
      htmlEl("h4", "", "Read " + names[r] + " (depth " + read.depth + ")", box);
      var bars = read.values.map(function (v, k) {
        var row = htmlEl("div", "bar-row", undefined, box);
        htmlEl("span", "", "write at depth " + read.depths[k] + ": " + v, row);
        var bar = htmlEl("span", "bar", undefined, row);
        var fill = htmlEl("span", "", undefined, bar);
        var pct = htmlEl("span", "pct", "", row);
        return { fill: fill, pct: pct, row: row };
      });
      var sum = htmlEl("p", "sum", "", box);
      return { read: read, bars: bars, sum: sum };
    });
    var ends = htmlEl("div", "ends");
    htmlEl("span", "", "blend", ends);
    htmlEl("span", "", "hard max", ends);
    slider.parentNode.appendChild(ends);
    slider.max = figure.temperatures.length - 1;
    var start = 0;  // the stop nearest temperature 1, ordinary attention
    figure.temperatures.forEach(function (t, i) {
      if (Math.abs(Math.log(t)) < Math.abs(Math.log(figure.temperatures[start]))) start = i;
    });
    slider.value = start;
    function render() {
      var i = Number(slider.value);
      value.textContent = String(figure.temperatures[i]);
      slider.setAttribute("aria-valuetext", "temperature " + figure.temperatures[i]);
      reads.forEach(function (r) {
        var weights = r.read.weights[i];
        r.bars.forEach(function (b, k) {
          b.fill.style.width = (100 * weights[k]).toFixed(1) + "%";
          b.pct.textContent = (100 * weights[k]).toFixed(1) + "%";
          b.row.dataset.weight = weights[k];
        });
        r.sum.textContent = "";
        r.sum.append("softmax blends ");
        htmlEl("b", "", r.read.blends[i].toFixed(3), r.sum);
        r.sum.append("; the hard max reads " + r.read.hard);
      });
    }
    slider.addEventListener("input", render);
    render();
  }

  function indexFigure(figure) {
    var svg = $("index-svg"), slider = $("position"), sx = 30, sy = 6;
    var count = figure.parabola.length;
    function at(k) { return [k[0] * sx, -k[1] * sy]; }
    var shapes = ["parabola", "line"].map(function (name) {
      var points = figure[name].map(at);
      svgEl("polyline", { class: "curve " + name,
        points: points.map(function (p) { return p.join(","); }).join(" ") }, svg);
      var dots = points.map(function (p, j) {
        return svgEl("circle", { cx: p[0], cy: p[1], r: 6, class: name,
          id: name + "-key-" + j }, svg);
      });
      var ring = svgEl("circle", { r: 13, class: "ring " + name }, svg);
      return { name: name, points: points, dots: dots, ring: ring };
    });
    var labels = shapes[0].points.map(function (p, j) {
      var label = svgEl("text", { x: p[0] + 10, y: p[1] - 8 }, svg);
      label.textContent = String(j);
      return label;
    });
    slider.max = count - 1;
    slider.value = Math.floor(count / 2) - 1;
    function render() {
      var i = Number(slider.value), ask = figure.asks[i];
      $("position-value").textContent = String(i);
      shapes.forEach(function (shape) {
        var best = ask[shape.name].best;
        shape.ring.setAttribute("cx", shape.points[best][0]);
        shape.ring.setAttribute("cy", shape.points[best][1]);
        svg.dataset[shape.name] = best;
      });
      labels.forEach(function (label, j) { label.classList.toggle("asked", j === i); });
      var p = ask.parabola, l = ask.line;
      $("index-readout").textContent = "Asking for position " + i + ": on the parabola key " +
        p.best + " scores highest (" + p.scores[p.best] + "); on the line key " + l.best +
        " does (" + l.scores[l.best] + ")" +
        (l.best === i ? "." : ", the wrong one.");
    }
    slider.addEventListener("input", render);
    render();
  }

  function traceFigure(programs) {
    var rows = $("trace-rows"), tokens = [], rowEls = [], figure = null, shown = 0;
    var back = $("trace-back"), step = $("trace-step"), next = $("trace-next");
    var reset = $("trace-reset"), picker = $("trace-program");
    function build(name) {
      figure = programs[name];
      $("trace-source").textContent = figure.source;
      rows.textContent = "";
      tokens = [];
      rowEls = figure.steps.map(function (s, k) {
        var row = htmlEl("div", "trace-row", undefined, rows);
        htmlEl("span", "op", s.instruction, row);
        s.tokens.forEach(function (text, t) {
          tokens.push({ el: htmlEl("span", "token", text, row), step: k,
            last: t === s.tokens.length - 1, out: text.indexOf("out(") === 0 });
        });
        return row;
      });
      shown = 0;
      render();
    }
    function render() {
      var done = -1, outputs = 0;
      tokens.forEach(function (t, i) {
        t.el.classList.toggle("shown", i < shown);
        t.el.classList.toggle("latest", i === shown - 1);
        if (i < shown && t.last) done = t.step;
        if (i < shown && t.out) outputs++;
      });
      var at = shown > 0 ? tokens[shown - 1].step : -1;
      rowEls.forEach(function (row, k) { row.classList.toggle("started", k <= at); });
      if (at >= 0) {  // keep the row being written in view, inside the trace's own box
        var row = rowEls[at];
        if (row.offsetTop + row.offsetHeight > rows.scrollTop + rows.clientHeight ||
            row.offsetTop < rows.scrollTop) {
          rows.scrollTop = row.offsetTop - rows.clientHeight / 2;
        }
      } else {
        rows.scrollTop = 0;
      }
      var stack = $("trace-stack");
      stack.textContent = "";
      (done >= 0 ? figure.steps[done].stack : []).forEach(function (v) {
        htmlEl("span", "", String(v), stack);
      });
      var out = figure.output.slice(0, outputs);
      $("trace-output").textContent = out.length ? out.join(", ") : "\u2014";
      back.disabled = reset.disabled = shown === 0;
      step.disabled = next.disabled = shown === tokens.length;
      $("trace-status").textContent = shown === 0
        ? "The prompt holds the program; press Step to write the trace."
        : "Token " + shown + " of " + tokens.length + ": " + tokens[shown - 1].el.textContent +
          (shown === tokens.length ? " (done)" : "");
    }
    step.addEventListener("click", function () {
      shown = Math.min(tokens.length, shown + 1);
      render();
    });
    next.addEventListener("click", function () {
      do { shown++; } while (shown < tokens.length && !tokens[shown - 1].last);
      render();
    });
    back.addEventListener("click", function () { shown = Math.max(0, shown - 1); render(); });
    reset.addEventListener("click", function () { shown = 0; render(); step.focus(); });
    picker.addEventListener("change", function () { build(picker.value); });
    build(picker.value);
  }

  hullFigure(data.figures.hull);
  softmaxFigure(data.figures.softmax);
  indexFigure(data.figures.index);
  traceFigure({ trace: data.figures.trace, loop: data.figures.loop });
  show(video.currentTime || 0);
  openLinked();
})();
