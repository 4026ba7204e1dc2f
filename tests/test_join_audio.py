"""Sound and captions through the join: three tiny chapters rendered by real manim (a voice-like
tone with clicks at known times, subcaptions; one chapter silent), joined as render.py joins
them, then the film decoded and checked: every click where it belongs, each chapter's sound as
long as its video, the loudness, the captions in the sidecars and in the MP4, the chapter
markers, and the video still the clips' own packets.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import wave
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest
import srt

from pipeline.captions import (
    Cue,
    parse_sidecar,
    read_subtitle_track,
    shift_cues,
    to_srt,
    to_vtt,
    track_cues,
    write_sidecars,
)
from pipeline.join import chapter_bounds, concatenate, read_chapter_markers, video_duration
from pipeline.loudness import integrated_loudness, peak_dbfs
from pipeline.sound import FILM_RATE, MANIM_AAC_PRIMING, fit, sample_bounds, sound_path

VOICE_RATE = 22_050  # the narrator's WAVs: mono, 22.05 kHz
FPS = 15  # manim's -ql
FRAME = 1 / FPS
SYNC = 0.005  # seconds: how far a click may land from where it belongs
BED, CLICK = 0.2, 0.9  # amplitudes: a steady tone standing in for a voice, and the clicks


# Each chapter: its sound (a WAV placed at `offset`, `length` seconds, clicks at sample
# indices `clicks`), or None, and its subcaptions (text, offset, duration) in scene time.
CHAPTERS = {
    # Its sound runs 0.45 s past its last frame: the tail (with the last click) must be cut.
    "Opening": {
        "sound": {"offset": 0.25, "length": 1.8, "clicks": [1_100, 13_230, 26_460, 35_280]},
        "captions": [("Chapter one\nsays two lines", 0.1, 0.6), ("runs past its end", 1.2, 2.0)],
        "animation": "self.play(Create(Square()), run_time=0.6)\n        self.wait(1.0)",
    },
    # No sound and no subcaptions: silence, no cues.
    "Quiet": {
        "sound": None,
        "captions": [],
        "animation": "self.play(FadeIn(Circle()), run_time=0.5)\n        self.wait(0.7)",
    },
    # Its sound ends 0.7 s into 1.4 s of video: padded with silence.
    "Closing": {
        "sound": {"offset": 0.1, "length": 0.6, "clicks": [1_100, 11_025]},
        "captions": [("Last & <final> words", 0.2, 0.5), ("past the film's end", 1.0, 2.0)],
        "animation": "self.play(Create(Triangle()), run_time=0.4)\n        self.wait(1.0)",
    },
}
TITLES = ["The opening", "A quiet one", "The closing"]


def voice_wav(path: Path, length: float, clicks: list[int]) -> None:
    """A mono 22.05 kHz WAV: a steady 220 Hz tone with 3-sample clicks at ``clicks``."""
    samples = round(length * VOICE_RATE)
    tone = BED * np.sin(2 * np.pi * 220 * np.arange(samples) / VOICE_RATE)
    for index in clicks:
        tone[index : index + 3] = CLICK
    with wave.open(str(path), "wb") as file:
        file.setnchannels(1)
        file.setsampwidth(2)
        file.setframerate(VOICE_RATE)
        file.writeframes((tone * 32767).astype("<i2").tobytes())


def scene_source(folder: Path) -> str:
    lines = ["from manim import *\n"]
    for name, spec in CHAPTERS.items():
        body = []
        if spec["sound"]:
            wav = folder / f"{name}.voice.wav"
            voice_wav(wav, spec["sound"]["length"], spec["sound"]["clicks"])
            body.append(f"self.add_sound({str(wav)!r}, time_offset={spec['sound']['offset']})")
        for text, offset, duration in spec["captions"]:
            body.append(f"self.add_subcaption({text!r}, duration={duration}, offset={offset})")
        body.append(spec["animation"])
        lines.append(f"class {name}(Scene):\n    def construct(self):\n")
        lines.extend(f"        {line}\n" for line in body)
    return "".join(lines)


@pytest.fixture(scope="module")
def clips(tmp_path_factory) -> list[Path]:
    """The three chapters rendered at 480p15 by one manim process."""
    folder = tmp_path_factory.mktemp("chapters")
    (folder / "chapters.py").write_text(scene_source(folder))
    result = subprocess.run(
        [sys.executable, "-m", "manim", "render", "-ql", "--disable_caching", "-v", "WARNING",
         "--media_dir", str(folder / "media"), "chapters.py", *CHAPTERS],
        cwd=folder, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return [folder / "media/videos/chapters/480p15" / f"{name}.mp4" for name in CHAPTERS]


@pytest.fixture(scope="module")
def film(clips, tmp_path_factory):
    """The clips joined into one film, its sidecar captions written as render.py does."""
    output = tmp_path_factory.mktemp("film") / "film.mp4"
    joined = concatenate(clips, TITLES, output)
    write_sidecars(output, joined.cues)
    return output, joined


def decoded_sound(path: Path) -> np.ndarray:
    """A file's first audio stream, decoded as it is stored, cut to its stated duration."""
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        audio = np.concatenate([f.to_ndarray() for f in container.decode(stream)], axis=1)
        return audio[:, : round(stream.duration * stream.time_base * stream.rate)]


def click_times(chapter: str) -> list[float]:
    """When each click of a chapter's sound is played, in chapter time."""
    sound = CHAPTERS[chapter]["sound"]
    return [sound["offset"] + index / VOICE_RATE for index in sound["clicks"]] if sound else []


def loudest_near(audio: np.ndarray, time: float, reach: float = 0.04) -> tuple[float, float]:
    """(time, level) of the loudest sample within ``reach`` seconds of ``time``."""
    first = max(0, round((time - reach) * FILM_RATE))
    window = np.abs(audio[:, first : round((time + reach) * FILM_RATE)]).max(axis=0)
    return (first + int(np.argmax(window))) / FILM_RATE, float(window.max())


def packet_digests(path: Path) -> list[str]:
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        return [hashlib.sha1(bytes(p)).hexdigest() for p in container.demux(stream) if p.size]


def clip_cues(clip: Path) -> list[Cue]:
    path = clip.with_suffix(".srt")
    if not path.exists():
        return []
    millis = 1000
    return [
        Cue(round(c.start.total_seconds() * millis), round(c.end.total_seconds() * millis),
            c.content)
        for c in srt.parse(path.read_text())
    ]  # fmt: skip


def expected_cues(clips: list[Path]) -> list[Cue]:
    """The clips' cues moved by their chapters' starts, each cut at its chapter's end."""
    starts = np.cumsum([0.0] + [video_duration(clip) for clip in clips])
    expected = []
    for clip, start, end in zip(clips, starts, starts[1:], strict=False):
        for cue in clip_cues(clip):
            first, last = round(start * 1000) + cue.start, round(end * 1000)
            if first < last:
                expected.append(Cue(first, min(round(start * 1000) + cue.end, last), cue.text))
    return expected


# --- What manim's clips are like -------------------------------------------------------------
@pytest.mark.slow
def test_manims_clips_carry_1024_samples_of_aac_priming(clips):
    """The figure the join corrects for: a click placed at t is decoded at t + 1024 samples."""
    raw = decoded_sound(clips[0])
    first_click = click_times("Opening")[0]
    found, _ = loudest_near(raw, first_click + MANIM_AAC_PRIMING / FILM_RATE)
    assert round((found - first_click) * FILM_RATE) == pytest.approx(MANIM_AAC_PRIMING, abs=4)


@pytest.mark.slow
def test_the_clips_cover_the_cases(clips):
    """The sound of the first runs past its video, the second has none, the third stops early."""
    with av.open(str(clips[0])) as container:
        audio = container.streams.audio[0]
        assert float(audio.duration * audio.time_base) > video_duration(clips[0]) + 0.3
    with av.open(str(clips[1])) as container:
        assert not container.streams.audio
    assert not clips[1].with_suffix(".srt").exists()
    assert video_duration(clips[2]) > CHAPTERS["Closing"]["sound"]["length"] + 0.5


# --- The film's sound ------------------------------------------------------------------------
@pytest.mark.slow
def test_every_click_lands_where_its_chapter_puts_it(clips, film):
    output, joined = film
    sound = decoded_sound(output)
    starts = [video_duration(clip) for clip in clips]
    starts = list(np.cumsum([0.0, *starts[:-1]]))
    assert joined.starts == pytest.approx(starts, abs=1e-9)
    errors = []
    for chapter, clip, start in zip(CHAPTERS, clips, starts, strict=True):
        for time in click_times(chapter):
            if time >= video_duration(clip):
                continue  # cut with the chapter's tail; checked below
            found, level = loudest_near(sound, start + time)
            assert level > 0.5, f"no click in {chapter} at {time:.3f} s"
            errors.append(found - (start + time))
    assert len(errors) == 5
    assert max(map(abs, errors)) <= SYNC, f"sync errors (s): {errors}"


@pytest.mark.slow
def test_each_chapters_sound_lasts_exactly_as_long_as_its_video(clips, film):
    output, _ = film
    sound = decoded_sound(output)
    lengths = [video_duration(clip) for clip in clips]
    level = np.abs(sound).max(axis=0)
    # The opening's sound outlasts its video: it stops where the video does.
    heard = np.flatnonzero(level[: round(lengths[0] * FILM_RATE) + FILM_RATE // 2] > BED / 4)
    assert heard[-1] / FILM_RATE == pytest.approx(lengths[0], abs=FRAME)
    # Its cut tail, click and all, is not heard in the silent chapter after it.
    tail_click = click_times("Opening")[-1]
    assert tail_click > lengths[0]
    assert loudest_near(sound, tail_click)[1] < 0.01
    # The film's sound track ends with its video.
    with av.open(str(output)) as container:
        audio, video = container.streams.audio[0], container.streams.video[0]
        film_video = float(video.duration * video.time_base)
        assert float(audio.duration * audio.time_base) == pytest.approx(film_video, abs=FRAME)
    assert sound.shape[1] / FILM_RATE == pytest.approx(sum(lengths), abs=FRAME)


@pytest.mark.slow
def test_the_film_is_at_minus_16_lufs_with_peaks_under_minus_1_dbfs(film):
    output, joined = film
    sound = decoded_sound(output)
    assert integrated_loudness(sound, FILM_RATE) == pytest.approx(-16.0, abs=0.5)
    assert peak_dbfs(sound) <= -1.0
    assert joined.loudness == pytest.approx(integrated_loudness(sound, FILM_RATE), abs=0.05)
    assert joined.peak == pytest.approx(peak_dbfs(sound), abs=0.05)
    with av.open(str(output)) as container:
        audio = container.streams.audio[0]
        assert (audio.codec_context.name, audio.rate, audio.channels) == ("aac", 48_000, 2)


# --- Captions --------------------------------------------------------------------------------
@pytest.mark.slow
def test_sidecar_captions_are_the_clips_cues_moved_to_their_chapters(clips, film):
    output, joined = film
    expected = expected_cues(clips)
    assert len(expected) == 4
    assert expected[0].text == "Chapter one\nsays two lines"  # line breaks kept
    srt_text = output.with_suffix(".srt").read_text()
    vtt_text = output.with_suffix(".vtt").read_text()
    assert vtt_text.startswith("WEBVTT\n\n")
    assert "Last &amp; &lt;final&gt; words" in vtt_text
    film_ms = round(video_duration(output) * 1000)
    for cues in (joined.cues, parse_sidecar(srt_text), parse_sidecar(vtt_text)):
        assert len(cues) == len(expected)
        for cue, want in zip(cues, expected, strict=True):
            assert cue.text == want.text
            assert cue.start == pytest.approx(want.start, abs=1)
            assert cue.end == pytest.approx(want.end, abs=1)
            assert 0 <= cue.start < cue.end <= film_ms


@pytest.mark.slow
def test_the_mp4_carries_the_captions_as_a_text_track(film):
    output, joined = film
    assert read_subtitle_track(output) == joined.cues
    with av.open(str(output)) as container:
        (track,) = container.streams.subtitles
        assert track.codec_context.name == "mov_text"
        assert track.metadata.get("language") == "eng"


# --- The video, as before --------------------------------------------------------------------
@pytest.mark.slow
def test_chapter_markers_and_stream_copied_video_are_kept(clips, film):
    output, _ = film
    starts = list(np.cumsum([0.0] + [video_duration(clip) for clip in clips[:-1]]))
    markers = read_chapter_markers(output)
    assert [title for _, title in markers] == TITLES
    assert [start for start, _ in markers] == pytest.approx(starts, abs=0.002)
    assert packet_digests(output) == [d for clip in clips for d in packet_digests(clip)]
    total = sum(video_duration(clip) for clip in clips)
    assert video_duration(output) == pytest.approx(total, abs=0.002)


@pytest.mark.slow
def test_a_film_without_sound_or_captions_has_neither_track(clips, tmp_path):
    output = tmp_path / "quiet.mp4"
    joined = concatenate([clips[1]], ["Quiet"], output)
    write_sidecars(output, joined.cues)
    assert (joined.loudness, joined.peak, joined.cues) == (None, None, [])
    with av.open(str(output)) as container:
        assert not container.streams.audio and not container.streams.subtitles
    assert output.with_suffix(".srt").read_text() == ""
    assert output.with_suffix(".vtt").read_text() == "WEBVTT\n\n"
    assert not sound_path(output).exists()
    assert not list(tmp_path.glob(".*")), "no partial file is left behind"


@pytest.mark.slow
def test_the_mastered_sound_is_kept_and_reused_while_it_is_right(clips, film, tmp_path):
    output = tmp_path / "again.mp4"
    first = concatenate(clips, TITLES, output)
    kept = sound_path(output)
    assert kept.read_bytes() == sound_path(film[0]).read_bytes()  # the same, deterministic
    made = kept.stat().st_mtime_ns
    assert concatenate(clips, TITLES, output) == first
    assert kept.stat().st_mtime_ns == made, "reused, not mastered again"
    kept.write_bytes(b"not a sound")
    assert concatenate(clips, TITLES, output) == first
    assert kept.read_bytes() == sound_path(film[0]).read_bytes()


# --- The pieces, without rendering -----------------------------------------------------------
def test_sample_bounds_do_not_drift_over_many_chapters():
    lengths = [Fraction(29_691, 15_360)] * 40  # a manim clip's length, 40 times
    bounds = sample_bounds(chapter_bounds(lengths), FILM_RATE)
    for number, sample in enumerate(bounds):
        assert abs(sample - number * lengths[0] * FILM_RATE) <= Fraction(1, 2)


def test_fit_pads_with_silence_and_cuts_with_a_short_fade():
    audio = np.ones((2, 100), np.float32)
    padded = fit(audio, 150)
    assert padded.shape == (2, 150) and not padded[:, 100:].any() and padded[:, :100].all()
    cut = fit(audio, 100)
    assert cut.shape == (2, 100) and (cut == audio).all()  # exactly long enough: untouched
    cut = fit(np.ones((2, 1000), np.float32), 500)
    assert cut.shape == (2, 500)
    assert cut[0, 0] == 1 and cut[0, -1] < 0.01
    assert np.all(np.diff(cut[0]) <= 0), "the fade only goes down"


def test_cues_are_moved_and_clipped_to_their_chapter():
    cues = [Cue(100, 900, "a"), Cue(1200, 3000, "b"), Cue(2500, 2600, "c")]
    moved = shift_cues(cues, Fraction(3, 2), Fraction(4))
    assert moved == [Cue(1600, 2400, "a"), Cue(2700, 4000, "b")]  # "c" starts after the end


def test_overlapping_cues_take_turns_in_the_track():
    cues = [Cue(0, 1000, "a"), Cue(800, 1500, "b"), Cue(800, 1200, "c")]
    assert track_cues(cues) == [Cue(0, 800, "a"), Cue(800, 1200, "c")]


def test_sidecar_formats_round_trip():
    cues = [Cue(0, 1500, "one\ntwo"), Cue(3_725_001, 3_725_999, "A & <b> > c")]
    srt_text, vtt_text = to_srt(cues), to_vtt(cues)
    assert "01:02:05,001 --> 01:02:05,999" in srt_text
    assert "01:02:05.001 --> 01:02:05.999\nA &amp; &lt;b&gt; &gt; c\n" in vtt_text
    assert parse_sidecar(srt_text) == cues == parse_sidecar(vtt_text)
    assert parse_sidecar(to_srt([])) == [] == parse_sidecar(to_vtt([]))
