"""The film's sound: each chapter's clip decoded, fitted to its video, joined, mastered and
encoded once.

- Each clip's audio is decoded, less the 1024 samples of encoder priming manim's clips carry
  (their AAC goes through a raw ``.aac`` file, which loses the delay, so it sits 1024
  samples late), then padded with silence or cut to its chapter's video length, so every
  chapter starts in sync whatever its sound's own length.
- The chapters are joined, brought to -16 LUFS with sample peaks at or below -1 dBFS
  (``pipeline.loudness``) and encoded once as AAC, 48 kHz stereo. A clip without sound is
  silence; a film with none has no sound.
- The mastered sound is kept beside the film (``<video>.sound.m4a``, tagged with a digest of
  what it was made from), so a build whose chapters sound the same reuses it instead of
  mastering and encoding it again (about 10 s for three minutes).

PyAV is imported inside each function, so a build that never joins does not load it.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import io
from dataclasses import dataclass
from fractions import Fraction
from itertools import pairwise
from pathlib import Path

import numpy as np

from pipeline.plan import write_atomically

FILM_RATE = 48_000  # Hz, the film's sound (manim's own clips use it too)
FILM_LAYOUT = "stereo"
AUDIO_BIT_RATE = 192_000
AAC_FRAME = 1024  # samples per AAC frame
# Measured on manim 0.22 clips: a sound placed at t is decoded at t + 1024 samples.
MANIM_AAC_PRIMING = 1024
# The limiter aims this far under the ceiling: AAC's own overshoot, measured at 0.26-0.47 dB
# on speech and clicks, must keep the decoded film under it. If it does not, master() limits
# lower and encodes again.
ENCODER_MARGIN_DB = 0.75
MASTERING_ROUNDS = 4
SOUND_RECIPE = "1"  # bump when mastering changes in a way the settings below do not show
CUT_FADE = 0.005  # seconds: a chapter's sound cut at its video's end fades out over this


@dataclass(frozen=True)
class Mastered:
    """The film's sound encoded (an in-memory M4A) and what its decoded samples measure."""

    m4a: bytes
    loudness: float
    peak: float


def sample_bounds(bounds: list[Fraction], rate: int) -> list[int]:
    """The bounds as sample indices. Rounding each bound (not each length) keeps every chapter
    within half a sample of its video, however many chapters come before it."""
    return [round(bound * rate) for bound in bounds]


def decode_audio(source: Path | io.BytesIO, rate: int = FILM_RATE) -> np.ndarray | None:
    """All of a file's first audio stream as float32 (channels, samples), stereo at ``rate``
    and cut to the stream's stated duration; None when the file has no audio stream."""
    import av

    with av.open(source if isinstance(source, io.BytesIO) else str(source)) as container:
        if not container.streams.audio:
            return None
        stream = container.streams.audio[0]
        resampler = av.AudioResampler(format="fltp", layout=FILM_LAYOUT, rate=rate)
        frames = [
            out.to_ndarray()
            for frame in [*container.decode(stream), None]
            for out in resampler.resample(frame)
        ]
        # read while open: PyAV 18.1.1 refuses a closed container's stream attributes
        duration = stream.duration and stream.duration * stream.time_base
    audio = np.concatenate(frames, axis=1) if frames else np.zeros((2, 0), np.float32)
    if duration is not None:
        audio = audio[:, : round(duration * rate)]
    return audio


def fit(audio: np.ndarray, samples: int, rate: int = FILM_RATE) -> np.ndarray:
    """``audio`` cut, or padded with silence, to exactly ``samples``. A cut fades out over
    its last ``CUT_FADE`` seconds, so a sound cut short ends without a click."""
    if audio.shape[1] < samples:
        return np.pad(audio, [(0, 0), (0, samples - audio.shape[1])])
    cut = audio[:, :samples].copy()
    fade = min(samples, round(CUT_FADE * rate))
    if audio.shape[1] > samples and fade:
        cut[:, samples - fade :] *= np.linspace(1, 0, fade, endpoint=False, dtype=cut.dtype)
    return cut


def chapter_audio(clip: Path, samples: int, rate: int = FILM_RATE) -> np.ndarray | None:
    """A clip's sound, priming dropped, fitted to ``samples``; None when it has no sound."""
    audio = decode_audio(clip, rate)
    if audio is None:
        return None
    return fit(audio[:, MANIM_AAC_PRIMING:], samples, rate)


def film_audio(clips: list[Path], bounds: list[int], rate: int = FILM_RATE) -> np.ndarray | None:
    """The chapters' sounds end to end, chapter i filling samples bounds[i] to bounds[i + 1]
    (silence for a clip without sound); None when no clip has sound."""
    parts = [
        chapter_audio(clip, end - start, rate)
        for clip, (start, end) in zip(clips, pairwise(bounds), strict=True)
    ]
    if all(part is None for part in parts):
        return None
    return np.concatenate(
        [
            np.zeros((2, end - start), np.float32) if part is None else part
            for part, (start, end) in zip(parts, pairwise(bounds), strict=True)
        ],
        axis=1,
    )


def encode_aac(audio: np.ndarray, rate: int = FILM_RATE, comment: str = "") -> bytes:
    """``audio`` (float, stereo) encoded once as AAC in an in-memory M4A, with ``comment`` in
    its metadata. The encoder's priming is recorded in the file (an edit list), so decoders
    drop it."""
    import av

    samples = np.asarray(audio, dtype=np.float32)
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format="mp4") as container:
        if comment:
            container.metadata["comment"] = comment
        stream = container.add_stream("aac", rate=rate, layout=FILM_LAYOUT)
        stream.bit_rate = AUDIO_BIT_RATE
        for first in range(0, samples.shape[1], AAC_FRAME):
            chunk = np.ascontiguousarray(samples[:, first : first + AAC_FRAME])
            frame = av.AudioFrame.from_ndarray(chunk, format="fltp", layout=FILM_LAYOUT)
            frame.sample_rate, frame.pts, frame.time_base = rate, first, Fraction(1, rate)
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return buffer.getvalue()


def master(audio: np.ndarray, rate: int = FILM_RATE, comment: str = "") -> Mastered:
    """The film's sound at -16 LUFS, peaks at or below -1 dBFS once decoded, as AAC.

    The limiter aims ``ENCODER_MARGIN_DB`` under the ceiling; the encoded sound is decoded and
    measured, and if AAC still overshot, limited lower and encoded again.
    """
    from pipeline.loudness import CEILING_DBFS, LoudnessError, normalize

    ceiling = CEILING_DBFS - ENCODER_MARGIN_DB
    for _ in range(MASTERING_ROUNDS):
        m4a = encode_aac(normalize(audio, rate, ceiling_db=ceiling).audio, rate, comment)
        mastered = measure(m4a, rate)
        if mastered.peak <= CEILING_DBFS:
            return mastered
        ceiling -= mastered.peak - CEILING_DBFS + 0.1
    raise LoudnessError(
        f"the encoded sound still peaks at {mastered.peak:.2f} dBFS, over {CEILING_DBFS}"
    )


def measure(m4a: bytes, rate: int = FILM_RATE) -> Mastered:
    """What an encoded sound measures once decoded."""
    from pipeline.loudness import integrated_loudness, peak_dbfs

    decoded = decode_audio(io.BytesIO(m4a), rate)
    assert decoded is not None
    return Mastered(m4a, integrated_loudness(decoded, rate), peak_dbfs(decoded))


def sound_path(video: Path) -> Path:
    """The film's mastered sound alone, kept beside it for the next build to reuse."""
    return video.with_suffix(".sound.m4a")


def sound_key(audio: np.ndarray) -> str:
    """A digest of the film's sound before mastering and of every setting of the mastering."""
    from pipeline import loudness

    settings = (
        SOUND_RECIPE, importlib.metadata.version("av"), importlib.metadata.version("pyloudnorm"),
        FILM_RATE, FILM_LAYOUT, AUDIO_BIT_RATE, ENCODER_MARGIN_DB, loudness.TARGET_LUFS,
        loudness.CEILING_DBFS, loudness.CEILING_GUARD_DB, loudness.LOOK_AHEAD,
        loudness.RELEASE_DB_PER_SECOND,
    )  # fmt: skip
    digest = hashlib.sha256(repr(settings).encode())
    digest.update(np.ascontiguousarray(audio, dtype=np.float32).tobytes())
    return digest.hexdigest()


def reused_sound(path: Path, key: str) -> Mastered | None:
    """The sound kept at ``path`` if it was mastered from the same sound and settings."""
    import av

    try:
        data = path.read_bytes()
        with av.open(io.BytesIO(data)) as container:
            if container.metadata.get("comment") != key:
                return None
    except (OSError, av.FFmpegError):
        return None
    return measure(data)


def mastered_sound(audio: np.ndarray, keep: Path) -> Mastered:
    """``master(audio)``, reusing the sound kept at ``keep`` when it is still right, and
    keeping the new one there (atomically) when it is not."""
    key = sound_key(audio)
    reused = reused_sound(keep, key)
    if reused is not None:
        return reused
    mastered = master(audio, comment=key)
    write_atomically(keep, mastered.m4a)
    return mastered
