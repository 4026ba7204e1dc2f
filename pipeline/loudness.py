"""The film's loudness: integrated loudness (EBU R128 / ITU-R BS.1770, measured by
pyloudnorm), gain to a target, a look-ahead peak limiter, and ``normalize`` that uses both to
bring a whole film to -16 LUFS with sample peaks at or below -1 dBFS.

Audio here is floating point at full scale 1.0, shaped (channels, samples): PyAV's planar
layout. Everything is deterministic: the same samples in give the same samples out.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pyloudnorm
from scipy.ndimage import minimum_filter1d

TARGET_LUFS = -16.0  # what web platforms and podcasts normalise speech to
CEILING_DBFS = -1.0  # sample peaks stay at or below this
TOLERANCE_LU = 0.5  # normalize() fails rather than miss the target by more
LOOK_AHEAD = 0.005  # seconds: the limiter's gain glides down over this before a peak
RELEASE_DB_PER_SECOND = 40.0  # and climbs back at this rate after it
BLOCK = 0.4  # seconds: BS.1770's gating block
MAX_ROUNDS = 8
# The limiter aims this far under its ceiling, so that rounding (to float32, say) never lifts
# a peak over it: a hundred-thousandth of a dB, over ten times a float32 step.
CEILING_GUARD_DB = 1e-5


class LoudnessError(ValueError):
    """The target cannot be reached under the ceiling (the limiter would have to crush it)."""


@dataclass(frozen=True)
class Normalized:
    """``normalize``'s result: the samples, and what they measure."""

    audio: np.ndarray
    loudness: float  # LUFS, integrated; -inf for silence
    peak: float  # dBFS, sample peak; -inf for silence
    gain: float  # dB applied before limiting


def integrated_loudness(audio: np.ndarray, rate: int) -> float:
    """Integrated loudness in LUFS (-inf for silence). Audio shorter than one 400 ms gating
    block is measured as one block, padded with silence."""
    audio = np.asarray(audio, dtype=np.float64)
    samples = audio.shape[-1]
    if samples < round(BLOCK * rate):
        audio = np.pad(audio, [(0, 0)] * (audio.ndim - 1) + [(0, round(BLOCK * rate) - samples)])
    if not np.any(audio):
        return float("-inf")
    with warnings.catch_warnings(), np.errstate(divide="ignore"):
        warnings.simplefilter("ignore")  # pyloudnorm warns about its own gating edge cases
        return float(pyloudnorm.Meter(rate).integrated_loudness(audio.T))


def peak_dbfs(audio: np.ndarray) -> float:
    """The sample peak in dBFS (-inf for silence)."""
    peak = float(np.max(np.abs(audio), initial=0.0))
    return 20 * np.log10(peak) if peak > 0 else float("-inf")


def apply_gain(audio: np.ndarray, gain_db: float) -> np.ndarray:
    return audio * 10 ** (gain_db / 20)


def limiter_gain(
    peaks: np.ndarray,
    rate: int,
    ceiling_db: float = CEILING_DBFS,
    look_ahead: float = LOOK_AHEAD,
    release_db_per_second: float = RELEASE_DB_PER_SECOND,
) -> np.ndarray:
    """The gain (at most 1, per sample) that keeps ``peaks * gain`` at or below the ceiling.

    Three steps, each keeping the gain at or below what every sample needs: the gain a sample
    needs is held from ``look_ahead`` before it (a minimum over the window ahead), released
    after it at a constant rate in dB (a running minimum of the need minus a ramp), then
    averaged over the look-ahead window, so it glides down before a peak instead of jumping:
    no clicks. Every value in that average is at or below the peak's need, so the average is.
    """
    samples = peaks.shape[-1]
    if samples == 0:
        return np.ones(0)
    with np.errstate(divide="ignore"):
        need = np.minimum(0.0, ceiling_db - 20 * np.log10(peaks.astype(np.float64)))
    window = max(1, round(look_ahead * rate))
    ahead = minimum_filter1d(need, window, origin=-(window // 2), mode="nearest")
    ramp = release_db_per_second / rate * np.arange(samples)
    released = np.minimum.accumulate(ahead - ramp) + ramp
    gain = 10 ** (released / 20)
    # The mean of the last ``window`` gains; before the start, the first gain (which already
    # covers the first window's needs).
    padded = np.concatenate([np.full(window - 1, gain[0]), gain])
    sums = np.concatenate([[0.0], np.cumsum(padded)])
    return np.minimum((sums[window:] - sums[:-window]) / window, 1.0)


def limit(
    audio: np.ndarray,
    rate: int,
    ceiling_db: float = CEILING_DBFS,
    look_ahead: float = LOOK_AHEAD,
    release_db_per_second: float = RELEASE_DB_PER_SECOND,
) -> np.ndarray:
    """``audio`` with its peaks held at or below ``ceiling_db``, channels linked (one gain for
    all, so the stereo image holds). Quiet passages pass untouched."""
    ceiling_db -= CEILING_GUARD_DB
    peaks = np.max(np.abs(audio), axis=0) if audio.ndim > 1 else np.abs(audio)
    gain = limiter_gain(peaks, rate, ceiling_db, look_ahead, release_db_per_second)
    ceiling = 10 ** (ceiling_db / 20)
    # The gain keeps every peak under the ceiling up to rounding; the clip only absorbs that.
    out = audio * gain.astype(audio.dtype)
    return np.clip(out, -ceiling, ceiling, out=out)


def normalize(
    audio: np.ndarray,
    rate: int,
    target: float = TARGET_LUFS,
    ceiling_db: float = CEILING_DBFS,
    tolerance: float = TOLERANCE_LU,
) -> Normalized:
    """Gain ``audio`` to ``target`` LUFS, limiting peaks to ``ceiling_db``.

    Limiting lowers the loudness a little, so the gain is raised by what was lost and the
    limiter run again, until the result is within 0.05 LU of the target (or ``MAX_ROUNDS``).
    Silence comes back unchanged. Raises LoudnessError if the result misses the target by
    more than ``tolerance``.
    """
    loudness = integrated_loudness(audio, rate)
    if not np.isfinite(loudness):
        return Normalized(audio.copy(), loudness, peak_dbfs(audio), 0.0)
    gain = target - loudness
    for _ in range(MAX_ROUNDS):
        out = limit(apply_gain(audio, gain), rate, ceiling_db)
        reached = integrated_loudness(out, rate)
        if abs(reached - target) <= 0.05:
            break
        gain += target - reached
    if abs(reached - target) > tolerance:
        raise LoudnessError(
            f"reached {reached:.1f} LUFS, not {target:.1f}: holding the peaks at {ceiling_db} "
            "dBFS takes away too much (the sound is too dense for that target)"
        )
    return Normalized(out, reached, peak_dbfs(out), gain)
