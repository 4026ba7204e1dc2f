"""Captions of a narrated line: cut into cues of at most two lines of 42 characters, each on
screen while its words are spoken. No Manim here; ``theme.ChapterScene.say`` hands the cues
to manim's subcaptions.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_CHARS = 42  # per caption line: what broadcast and web players show comfortably
MAX_LINES = 2  # per cue
CLAUSE_ENDS = (".", "?", "!", ":", ";", ",")
MIN_CUE_WORDS = 3  # a cue of fewer words flashes by
MIN_CUE_SECONDS = 1.2


@dataclass(frozen=True)
class Cue:
    text: str  # one or two lines, joined by "\n"
    start: float  # seconds from the start of the line
    end: float


def wrap(words: list[str], width: int = MAX_CHARS) -> list[str]:
    """Greedy lines of at most ``width`` characters (a longer single word gets its own line)."""
    lines: list[str] = []
    for word in words:
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def fits(words: list[str]) -> bool:
    return len(wrap(words)) <= MAX_LINES


def cut_cues(words: list[str], starts: list[float], end: float) -> list[Cue]:
    """Cues for ``words`` (each starting at ``starts[i]`` seconds), the last ending at ``end``.

    A cue takes words while they fit in two lines. When the next word does not fit, the cue
    closes at its last clause (a word ending in punctuation) if that leaves it at least half
    full, so cues rarely break a phrase. A cue too short to read (under MIN_CUE_WORDS words or
    MIN_CUE_SECONDS on screen) joins its neighbour when the two fit in one cue, or takes words
    from it when they do not.
    """
    if len(words) != len(starts):
        raise ValueError(f"{len(words)} words but {len(starts)} start times")
    groups: list[list[int]] = [[]]
    for index, word in enumerate(words):
        current = groups[-1]
        if current and not fits([words[i] for i in current] + [word]):
            clause = max(
                (k for k, i in enumerate(current[:-1]) if words[i].endswith(CLAUSE_ENDS)),
                default=None,
            )
            full = len(" ".join(words[i] for i in current))
            if clause is not None and clause + 1 < len(current):
                kept = len(" ".join(words[i] for i in current[: clause + 1]))
                if kept >= full / 2:
                    groups[-1], current = current[: clause + 1], current[clause + 1 :]
                    groups.append(current)
                    if fits([words[i] for i in current] + [word]):
                        current.append(index)
                        continue
            groups.append([])
        groups[-1].append(index)
    groups = mend_short(groups, words, starts, end)
    cues = []
    for number, group in enumerate(groups):
        cue_end = starts[groups[number + 1][0]] if number + 1 < len(groups) else end
        text = "\n".join(wrap([words[i] for i in group]))
        cues.append(Cue(text, starts[group[0]], max(cue_end, starts[group[0]])))
    return cues


def mend_short(
    groups: list[list[int]], words: list[str], starts: list[float], end: float
) -> list[list[int]]:
    """Join each too-short cue to a neighbour, or move words into it from one."""

    def seconds(k: int) -> float:
        following = starts[groups[k + 1][0]] if k + 1 < len(groups) else end
        return following - starts[groups[k][0]]

    def short(k: int) -> bool:
        return len(groups[k]) < MIN_CUE_WORDS or seconds(k) < MIN_CUE_SECONDS

    k = 0
    while k < len(groups):
        if len(groups) > 1 and short(k):
            other = k - 1 if k > 0 else k + 1
            first, second = sorted((k, other))
            joined = groups[first] + groups[second]
            if fits([words[i] for i in joined]):
                groups[first:second + 1] = [joined]
                k = max(0, first - 1)
                continue
            # too long as one: move words across the boundary until this cue has enough
            while len(groups[k]) < MIN_CUE_WORDS and len(groups[other]) > MIN_CUE_WORDS:
                if other < k:
                    groups[k].insert(0, groups[other].pop())
                else:
                    groups[k].append(groups[other].pop(0))
            if not fits([words[i] for i in groups[k]]):
                break  # cannot mend without overflowing; leave the rest as cut
        k += 1
    return groups


def caption_starts(caption_words: list[str], spoken_starts: list[float]) -> list[float]:
    """Start times for a caption whose words differ from the spoken ones ("O(log t)" shown,
    "O of log t" said): each caption word takes the time of the spoken word at the same
    fraction of the line."""
    if not spoken_starts:
        return [0.0] * len(caption_words)
    n, m = len(caption_words), len(spoken_starts)
    return [spoken_starts[min(m - 1, (i * m) // n)] for i in range(n)]
