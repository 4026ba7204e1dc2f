"""The faster render keeps the picture.

A small scene built like a chapter (the theme's ground, a heading, a card, a fade, a hold, a
move and a closing hold) is rendered at the film's 1080p60 twice: as manim renders it out of
the box (its own writer, libx264 at manim's defaults, one segment at a time) and as the
chapters render (``scenes/frame_writer.py`` and ``manim.cfg``'s encoder settings). Then:

- the camera hands both writers the same frames, bit for bit (nothing here draws: the
  reference frames in ``tests/reference_frames`` are drawn straight from the camera);
- both videos have the same frames, size, rate and length, and each decoded frame of the new
  one is within 40 dB PSNR of the old one's, and no further from what was drawn;
- a held frame is converted once, however long it is held.

And, with tiny frames, manim's segment encoder and ``HoldOnceEncoder`` write the same bytes
under the same settings: only the encoder settings change the picture, never the writer.
"""

from __future__ import annotations

import configparser
import gc
import hashlib
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest
from manim import DOWN, RIGHT, FadeIn, MovingCamera, Transform, tempconfig
from manim._config.video_encoder import VideoEncoderSpec
from manim.renderer.cairo_renderer import CairoRenderer
from manim.scene.scene_file_writer import SceneFileWriter
from manim.scene.video_segment_encoder import VideoSegmentEncoder

from scenes import drawing, stage, style
from scenes.frame_writer import HoldOnceEncoder, HoldOnceScene, HoldOnceWriter

ROOT = Path(__file__).resolve().parent.parent
MIN_PSNR = 40.0  # dB, every decoded frame, new settings against old
SOURCE_EVERY = 10  # frames between the drawn frames kept to measure each video against


def project_settings() -> dict:
    """The encoder settings render.py's manim processes read from manim.cfg."""
    parser = configparser.ConfigParser()
    parser.read(ROOT / "manim.cfg")
    return {
        "video_encoder_options": dict(parser.items("video_encoder.options")),
        "max_inflight_encoders": parser["CLI"].getint("max_inflight_encoders", fallback=1),
    }


MANIM_DEFAULTS = {"video_encoder_options": {}, "max_inflight_encoders": 1}


class LikeAChapter(stage.ChapterScene):
    """A second and a half of what chapters do: fade in, hold, move, hold."""

    def construct(self) -> None:
        title = drawing.heading("Converted once, encoded sixty times a second")
        body = drawing.card(drawing.prose("A held frame is drawn once and converted once."))
        self.play(FadeIn(title), FadeIn(body, shift=style.NUDGE * DOWN), run_time=0.4)
        self.wait(0.4)
        moved = body.copy().shift(2 * RIGHT).set_opacity(0.6)
        self.play(Transform(body, moved), run_time=0.3)
        self.hold(0.4)


def recording(writer: type[SceneFileWriter], frames: list[bytes], sources: list[tuple]):
    """``writer``, keeping a digest of every frame it is handed and some of them whole."""

    class Recording(writer):
        def write_frame(self, pixels, *, repeat=1):
            first = sum(r for _, r in frames)
            frames.append((hashlib.sha256(pixels.tobytes()).hexdigest(), repeat))
            for index in range(first, first + repeat):
                if index % SOURCE_EVERY == 0:
                    rgba = av.VideoFrame.from_ndarray(pixels, format="rgba")
                    sources.append((index, rgba.reformat(format="yuv420p").to_ndarray()))
            super().write_frame(pixels, repeat=repeat)

    return Recording


def render(tmp: Path, writer: type[SceneFileWriter], settings: dict) -> dict:
    frames: list[tuple[str, int]] = []
    sources: list[tuple[int, np.ndarray]] = []
    encoders: list[VideoSegmentEncoder] = []

    class Counting(recording(writer, frames, sources)):
        def _create_segment_encoder(self, target):
            encoders.append(super()._create_segment_encoder(target))
            return encoders[-1]

    config = {
        "pixel_width": 1920,
        "pixel_height": 1080,
        "frame_rate": 60,
        "media_dir": str(tmp),
        "disable_caching": True,
        "dry_run": False,
        "write_to_movie": True,
        "save_last_frame": False,
        "progress_bar": "none",
        "verbosity": "ERROR",
        **settings,
    }
    with tempconfig(config):
        scene = LikeAChapter(
            renderer=CairoRenderer(file_writer_class=Counting, camera_class=MovingCamera)
        )
        scene.render()
        clip = Path(scene.renderer.file_writer.movie_file_path)
    segments = [
        {
            "hold_once": isinstance(e, HoldOnceEncoder),
            "conversions": getattr(e, "conversions", None),
            "frames": e._next_pts,
            "options": dict(e.spec.options),
        }
        for e in encoders
    ]
    # Free every FFmpeg context now: one left for the garbage collector could be freed in a
    # process forked later (the film's tests fork their dry runs), whose threads it would
    # wait for in vain.
    encoders.clear()
    del scene
    gc.collect()
    with av.open(str(clip)) as container:
        stream = container.streams.video[0]
        shape = (stream.codec_context.width, stream.codec_context.height, stream.average_rate)
        length = float(stream.duration * stream.time_base)
    return {
        "clip": clip,
        "frames": frames,
        "sources": dict(sources),
        "segments": segments,
        "shape": shape,
        "length": length,
    }


def decoded(clip: Path):
    """The clip's frames, one at a time, as yuv420p planes (H * 3/2 x W)."""
    with av.open(str(clip)) as container:
        for frame in container.decode(video=0):
            yield frame.reformat(format="yuv420p").to_ndarray()


def mse(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2))


def psnr(error: float) -> float:
    return float("inf") if error == 0 else 10 * np.log10(255**2 / error)


@pytest.fixture(scope="module")
def renders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """Both renders, and how their decoded frames compare (read side by side, not kept)."""
    tmp = tmp_path_factory.mktemp("speed-quality")
    old = render(tmp / "old", SceneFileWriter, MANIM_DEFAULTS)
    new = render(tmp / "new", HoldOnceWriter, project_settings())
    against_old, drawn_errors = [], {"old": [], "new": []}
    pairs = zip(decoded(old["clip"]), decoded(new["clip"]), strict=False)
    for index, (old_frame, new_frame) in enumerate(pairs):
        against_old.append(psnr(mse(old_frame, new_frame)))
        for name, run, frame in (("old", old, old_frame), ("new", new, new_frame)):
            if index in run["sources"]:
                drawn_errors[name].append(mse(frame, run["sources"][index]))
    for name, run in (("old", old), ("new", new)):
        run["decoded"] = sum(1 for _ in decoded(run["clip"]))
        run["fidelity"] = psnr(float(np.mean(drawn_errors[name])))
    new["against_old"] = against_old
    return {"old": old, "new": new}


def test_the_camera_draws_the_same_frames(renders):
    assert renders["new"]["frames"] == renders["old"]["frames"]


def test_same_frames_rate_and_length(renders):
    old, new = renders["old"], renders["new"]
    assert new["shape"] == old["shape"] == (1920, 1080, Fraction(60))
    assert new["decoded"] == old["decoded"] == sum(repeat for _, repeat in old["frames"])
    assert new["length"] == pytest.approx(old["length"])


def test_new_frames_match_old_within_40_db(renders):
    worst = min(renders["new"]["against_old"])
    assert worst >= MIN_PSNR, f"a frame differs from the old render's: {worst:.1f} dB"


def test_no_further_from_the_drawn_frames(renders):
    """PSNR against what was drawn (as yuv420p), over the frames kept."""
    old, new = renders["old"]["fidelity"], renders["new"]["fidelity"]
    assert new >= old - 0.5, f"new settings lose quality: {new:.1f} dB vs {old:.1f} dB drawn"


def test_a_held_frame_is_converted_once(renders):
    new = renders["new"]
    assert all(segment["hold_once"] for segment in new["segments"]), "writer not in use"
    held = [repeat for _, repeat in new["frames"] if repeat > 1]
    assert held, "the scene should hold a frame"
    assert sum(segment["conversions"] for segment in new["segments"]) == len(new["frames"])
    assert sum(segment["frames"] for segment in new["segments"]) == sum(
        repeat for _, repeat in new["frames"]
    )


def test_project_encoder_settings_are_used(renders):
    wanted = project_settings()["video_encoder_options"]
    assert wanted, "manim.cfg sets the encoder"
    for segment in renders["new"]["segments"]:
        assert wanted.items() <= segment["options"].items()


def test_hold_once_encoder_writes_manims_bytes(tmp_path: Path):
    """Same settings, same frames and repeats: the same file, byte for byte."""
    width, height = 320, 180
    spec = VideoEncoderSpec(
        "mp4", "libx264", "yuv420p", width, height, Fraction(60), (("crf", "23"),)
    )
    rng = np.random.default_rng(7)
    frames = []
    for k in range(6):
        pixels = np.zeros((height, width, 4), np.uint8)
        pixels[..., 3] = 255
        pixels[20 + 5 * k : 80 + 5 * k, 40 : 160 + 10 * k, :3] = (200, 40 * k, 90)
        pixels[120:130, :, :3] = rng.integers(0, 256, (10, width, 3))
        frames.append((pixels, 5 if k % 2 else 1))
    outputs = []
    for encoder_class in (VideoSegmentEncoder, HoldOnceEncoder):
        target = tmp_path / f"{encoder_class.__name__}.mp4"
        encoder = encoder_class(target=target, spec=spec)
        for pixels, repeat in frames:
            encoder.write_frame(pixels.copy(), repeat=repeat)
        encoder.finish()
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]


def test_chapters_render_with_the_frame_writer():
    """Every chapter derives from stage.ChapterScene, which must opt in."""
    assert issubclass(stage.ChapterScene, HoldOnceScene), (
        "scenes/stage.py: ChapterScene should derive from frame_writer.HoldOnceScene"
    )
