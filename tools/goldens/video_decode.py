#!/usr/bin/python3
"""Fixtures for io.vexpress.media.video.FfmpegVideoDecoder: tiny videos in MP4 (H.264 + AAC), MOV (H.264 + PCM)
and WebM (VP9 + Opus) made with the ffmpeg 5.1 command line, with what ffprobe says about them.

Rerun from the repository root:
    /usr/bin/python3 tools/goldens/video_decode.py

Writes vexpress-media/src/test/resources/golden/video_decode/:
  clip.mp4, clip.mov, clip.webm   32x24 test pattern, 12 frames at 10 fps (1.2 s), 440 Hz tone
  cases.txt                       name width height fps frames audio_seconds
  rotated.mp4, rotated_first.rgb  clip.mp4 tagged with a 90-degree display rotation (as phones write), and the
                                  first frame as the ffmpeg CLI shows it (autorotated, 24x32 RGB24)
"""
import os
import subprocess

OUT = "vexpress-media/src/test/resources/golden/video_decode"
V = "testsrc=s=32x24:r=10:d=1.2"
A = "sine=f=440:r={rate}:d=1.2"
CLIPS = [
    ("clip.mp4", 44100, ["-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "32k"]),
    ("clip.mov", 16000, ["-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "pcm_s16le"]),
    ("clip.webm", 48000, ["-c:v", "libvpx-vp9", "-b:v", "50k", "-c:a", "libopus", "-b:a", "24k"]),
]


def main():
    os.makedirs(OUT, exist_ok=True)
    lines = []
    for name, rate, codec in CLIPS:
        path = os.path.join(OUT, name)
        subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", V, "-f", "lavfi",
                        "-i", A.format(rate=rate), *codec, "-map_metadata", "-1", "-shortest", path], check=True)
        frames = subprocess.run(["ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries",
                                 "stream=nb_read_frames", "-of", "csv=p=0", path], check=True, capture_output=True,
                                text=True).stdout.strip()
        raw = subprocess.run(["ffmpeg", "-v", "error", "-i", path, "-vn", "-ac", "1", "-f", "f32le", "-"], check=True,
                             capture_output=True).stdout
        rate_out = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries",
                                   "stream=sample_rate", "-of", "csv=p=0", path], check=True, capture_output=True,
                                  text=True).stdout.strip()
        seconds = len(raw) / 4 / int(rate_out)
        lines.append(f"{name} 32 24 10 {frames} {seconds!r}")
    rotated = os.path.join(OUT, "rotated.mp4")
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", os.path.join(OUT, "clip.mp4"), "-c",
                    "copy", "-metadata:s:v:0", "rotate=90", rotated], check=True)
    first = subprocess.run(["ffmpeg", "-v", "error", "-i", rotated, "-frames:v", "1", "-f", "rawvideo", "-pix_fmt",
                            "rgb24", "-"], check=True, capture_output=True).stdout
    with open(os.path.join(OUT, "rotated_first.rgb"), "wb") as f:
        f.write(first)
    with open(os.path.join(OUT, "cases.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
