"""The film's loudness (pipeline.loudness) on synthetic signals: the meter against BS.1770's
reference tone, the limiter's ceiling, look-ahead, release and smoothness, and normalize()
reaching -16 LUFS under -1 dBFS even when it has to limit."""

from __future__ import annotations

import numpy as np
import pytest

from pipeline.loudness import (
    LoudnessError,
    apply_gain,
    integrated_loudness,
    limit,
    limiter_gain,
    normalize,
    peak_dbfs,
)

RATE = 48_000


def sine(amplitude: float, seconds: float, frequency: float = 997.0) -> np.ndarray:
    t = np.arange(round(seconds * RATE)) / RATE
    return amplitude * np.sin(2 * np.pi * frequency * t)


def speech_like(seconds: float = 12.0, seed: int = 1, plosives: int = 8) -> np.ndarray:
    """Stereo noise shaped like talk: syllables at about 4 Hz, a pause every 2 s, and now and
    then a 10 ms plosive well over the rest (the peaks a limiter must hold)."""
    rng = np.random.default_rng(seed)
    samples = round(seconds * RATE)
    t = np.arange(samples) / RATE
    envelope = np.clip(np.sin(2 * np.pi * 4 * t), 0, None) * (t % 2 < 1.6)
    mono = 0.05 * rng.standard_normal(samples) * envelope
    for start in rng.integers(0, samples - 500, size=plosives):
        mono[start : start + 480] += 0.25 * np.sin(np.pi * np.arange(480) / 480)
    return np.stack([mono, 0.9 * mono]).astype(np.float32)


# --- Measuring -------------------------------------------------------------------------------
def test_a_full_scale_1khz_tone_measures_minus_3_lufs():
    """BS.1770's reference: a 997 Hz sine at full scale in one channel reads -3.01 LUFS."""
    assert integrated_loudness(sine(1.0, 5.0), RATE) == pytest.approx(-3.01, abs=0.05)
    assert integrated_loudness(sine(0.1, 5.0), RATE) == pytest.approx(-23.01, abs=0.05)
    both = np.stack([sine(0.1, 5.0)] * 2)  # the same tone in two channels: 3 dB louder
    assert integrated_loudness(both, RATE) == pytest.approx(-20.0, abs=0.05)


def test_silence_and_short_sounds_are_measured_without_errors():
    assert integrated_loudness(np.zeros((2, RATE)), RATE) == float("-inf")
    assert np.isfinite(integrated_loudness(sine(0.5, 0.2), RATE))  # shorter than a block
    assert peak_dbfs(np.zeros(10)) == float("-inf")
    assert peak_dbfs(np.array([0.1, -0.5])) == pytest.approx(-6.02, abs=0.01)


def test_gain_is_in_decibels():
    assert apply_gain(np.array([0.5]), 6.0206)[0] == pytest.approx(1.0, abs=1e-4)


# --- The limiter -----------------------------------------------------------------------------
def peaky(seconds: float = 2.0) -> np.ndarray:
    """A quiet tone with two bursts 12 dB over the ceiling."""
    audio = sine(0.2, seconds, 220.0)
    for at in (0.5, 1.2):
        first = round(at * RATE)
        audio[first : first + 480] *= 16
    return np.stack([audio, 0.5 * audio])


def test_the_limiter_holds_peaks_under_the_ceiling_and_leaves_quiet_parts_alone():
    audio = peaky()
    limited = limit(audio, RATE, ceiling_db=-1.0)
    assert peak_dbfs(limited) <= -1.0
    assert peak_dbfs(audio) > 10
    quiet = slice(0, round(0.4 * RATE))  # before the first burst and its look-ahead
    assert np.array_equal(limited[:, quiet], audio[:, quiet])
    assert np.array_equal(limit(audio, RATE), limited), "deterministic"


def test_the_limiter_looks_ahead_and_releases_slowly_and_smoothly():
    audio = peaky()
    peaks = np.abs(audio).max(axis=0)
    gain = limiter_gain(peaks, RATE, ceiling_db=-1.0, look_ahead=0.005)
    burst = round(0.5 * RATE)
    window = round(0.005 * RATE)
    assert gain[burst - window // 2] < 0.99, "the gain is already coming down before the burst"
    assert gain[burst - 2 * window] == 1.0, "but not long before"
    assert np.all(gain <= 1.0)
    # No clicks: the gain moves by at most the full reduction spread over the look-ahead.
    depth = 1 - gain.min()
    assert np.abs(np.diff(gain)).max() <= depth / window + 1e-9
    # Release at 40 dB/s: 12.5 dB of reduction is mostly recovered 0.4 s after the burst...
    after = round((0.5 + 0.01 + 0.4) * RATE)
    assert 20 * np.log10(gain[after]) > -1.0
    # ...but not at once: 50 ms after the burst it is still at least 8 dB down.
    assert 20 * np.log10(gain[burst + 480 + round(0.05 * RATE)]) < -8.0


def test_the_limiter_keeps_the_stereo_image():
    audio = peaky()
    limited = limit(audio, RATE)
    loud = np.abs(audio[0]) > 1e-3
    assert np.allclose(limited[1][loud] / limited[0][loud], 0.5)


# --- Normalizing -----------------------------------------------------------------------------
@pytest.mark.parametrize("level", [0.05, 0.5, 3.0], ids=["quiet", "moderate", "too-loud"])
def test_normalize_reaches_minus_16_lufs_with_peaks_under_minus_1_dbfs(level):
    audio = speech_like() * level
    result = normalize(audio, RATE)
    assert result.loudness == pytest.approx(-16.0, abs=0.05)
    assert integrated_loudness(result.audio, RATE) == pytest.approx(result.loudness)
    assert peak_dbfs(result.audio) <= -1.0
    assert result.peak == peak_dbfs(result.audio)
    assert result.audio.shape == audio.shape and result.audio.dtype == audio.dtype


def test_normalize_raises_the_gain_to_make_up_for_limiting():
    """With many plosives over the talk, reaching -16 LUFS needs the limiter, which takes some
    loudness away, so the gain ends above the naive one."""
    audio = speech_like(plosives=30)
    naive = -16.0 - integrated_loudness(audio, RATE)
    assert peak_dbfs(apply_gain(audio, naive)) > -1.0, "the naive gain would clip"
    result = normalize(audio, RATE)
    assert result.gain > naive
    assert result.loudness == pytest.approx(-16.0, abs=0.05)


def test_normalize_honours_other_targets_and_ceilings():
    result = normalize(speech_like(), RATE, target=-23.0, ceiling_db=-3.0)
    assert result.loudness == pytest.approx(-23.0, abs=0.05)
    assert result.peak <= -3.0


def test_silence_stays_silent():
    audio = np.zeros((2, RATE), np.float32)
    result = normalize(audio, RATE)
    assert not result.audio.any() and result.loudness == float("-inf")


def test_an_unreachable_target_is_an_error_not_a_crushed_film():
    square = np.sign(sine(0.5, 3.0, 100.0))
    with pytest.raises(LoudnessError, match="LUFS"):
        normalize(np.stack([square, square]), RATE, target=6.0)
