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
