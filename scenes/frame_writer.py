"""Writing a chapter's frames to video: manim's own writer and encoder, except that a frame
shown several frames in a row is converted from RGBA to the video's pixel format once.

A narrated film is mostly still frames under the voice: every ``wait`` and ``hold`` hands
manim's writer one frame with ``repeat=N``, and manim's encoder
(``manim.scene.video_segment_encoder``) builds a new ``av.VideoFrame`` from the RGBA array
and converts it to yuv420p once per repeat. Here the array is wrapped without a copy and
converted once, with the same call PyAV's ``encode`` makes (same reformatter, same format,
same threads), and that one converted frame is encoded N times at consecutive timestamps.
libx264 still receives every frame, so the clip has the same frames, frame rate and length
as before; with the same encoder settings its bytes are the same too
(``tests/test_render_speed_quality.py`` checks both).

The writer plugs in through manim's public ``CairoRenderer(file_writer_class=...)``;
``HoldOnceScene`` is a ``Scene`` that passes it, and ``theme.ChapterScene`` derives from it.
Underneath, it leans on names of the pinned manim 0.22 that are not public: the writer's
``_create_segment_encoder`` and the encoder's ``_stream``, ``_container``, ``_next_pts``,
``_validate_frame`` and ``_operation_error``; the test fails loudly if an upgrade moves them.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any

import av
from av.video.reformatter import VideoReformatter
from manim import Camera, Scene, config
from manim.constants import RendererType
from manim.renderer.cairo_renderer import CairoRenderer
from manim.scene.scene_file_writer import SceneFileWriter
from manim.scene.video_segment_encoder import VideoSegmentEncoder
from manim.typing import RGBAPixelArray


class HoldOnceEncoder(VideoSegmentEncoder):
    """Manim's segment encoder, converting each frame it is given once, however often it
    is repeated."""

    def __init__(self, *, target: Path, spec: Any) -> None:
        super().__init__(target=target, spec=spec)
        self._reformatter = VideoReformatter()
        self._time_base = Fraction(spec.frame_rate.denominator, spec.frame_rate.numerator)
        self.conversions = 0  # frames converted (the test counts them)

    def convert(self, pixels: RGBAPixelArray) -> av.VideoFrame:
        """The RGBA array as a frame in the stream's pixel format, as ``encode`` would make it.

        ``from_numpy_buffer`` wraps the array without copying it; manim hands the writer
        ownership of every frame, so nothing changes it underneath.
        """
        context = self._stream.codec_context
        rgba = av.VideoFrame.from_numpy_buffer(pixels, format="rgba")
        self.conversions += 1
        return self._reformatter.reformat(
            rgba, context.width, context.height, context.format, threads=context.thread_count
        )

    def encode(self, frame: av.VideoFrame, repeat: int) -> None:
        """Encode ``frame`` ``repeat`` times, at consecutive timestamps."""
        frame.time_base = self._time_base
        for _ in range(repeat):
            frame.pts = self._next_pts
            self._next_pts += 1
            for packet in self._stream.encode(frame):
                self._container.mux(packet)

    def write_frame(self, pixels: RGBAPixelArray, *, repeat: int = 1) -> None:
        self._validate_frame(pixels, repeat)
        try:
            self.encode(self.convert(pixels), repeat)
        except BaseException as error:
            raise self._operation_error("encode", error) from error


class HoldOnceWriter(SceneFileWriter):
    """Manim's scene file writer with ``HoldOnceEncoder`` for every video segment."""

    def _create_segment_encoder(self, target: Path) -> VideoSegmentEncoder:
        if self.video_encoder is None:
            raise RuntimeError("Video segment encoding requires resolved settings.")
        return HoldOnceEncoder(target=target, spec=self.video_encoder)


class HoldOnceScene(Scene):
    """A Scene whose video (Cairo renderer) is written by ``HoldOnceWriter``."""

    def __init__(
        self,
        renderer: Any = None,
        camera_class: type[Camera] = Camera,
        **kwargs: Any,
    ) -> None:
        if renderer is None and config.renderer == RendererType.CAIRO:
            renderer = CairoRenderer(
                file_writer_class=HoldOnceWriter,
                camera_class=camera_class,
                skip_animations=kwargs.get("skip_animations", False),
            )
        super().__init__(renderer=renderer, camera_class=camera_class, **kwargs)
