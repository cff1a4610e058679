#!/usr/bin/python3
"""Fixtures for io.vexpress.media.audio.FfmpegAudioDecoder: small audio files made with the ffmpeg 5.1 command
line, and what `ffmpeg -i <file> -f f32le -` decodes from them (the sample count the Java decoder must match,
plus sample values at a few positions).

Rerun from the repository root (needs /usr/bin/ffmpeg and Debian's numpy):
    /usr/bin/python3 tools/goldens/audio_decode.py [--samples ../shared/samples]

Writes vexpress-media/src/test/resources/golden/audio_decode/:
  <name>                the input file
  cases.txt             name rate channels frames rms probe_index:value ... (value = interleaved sample)
  silent.wav, video_only.mp4   inputs that must be refused (not in cases.txt)
  samples.txt           (with --samples) the same statistics for the V-Express samples' aud.mp3, named
                        <sample>/aud.mp3; the files themselves are not copied
"""
import argparse
import os
import subprocess

import numpy as np

OUT = "vexpress-media/src/test/resources/golden/audio_decode"
TONE = "aevalsrc=0.5*sin(2*PI*440*t)*(0.6+0.4*sin(2*PI*3*t))|0.4*sin(2*PI*660*t+1):s={rate}:d={dur}"
MONO = "aevalsrc=0.5*sin(2*PI*440*t)*(0.6+0.4*sin(2*PI*3*t)):s={rate}:d={dur}"
CASES = [
    ("tone_44100_stereo.wav", TONE, 44100, 1.2, ["-c:a", "pcm_s16le"]),
    ("tone_16000_mono.wav", MONO, 16000, 1.1, ["-c:a", "pcm_s16le"]),
    ("tone_8000_mono.wav", MONO, 8000, 0.5, ["-c:a", "pcm_s16le"]),
    ("tone_22050_mono.mp3", MONO, 22050, 1.2, ["-c:a", "libmp3lame", "-b:a", "48k"]),
    ("tone_44100_stereo.mp3", TONE, 44100, 1.2, ["-c:a", "libmp3lame", "-b:a", "64k"]),
    ("tone_48000_stereo.flac", TONE, 48000, 1.1, ["-c:a", "flac"]),
    ("tone_48000_mono.opus", MONO, 48000, 1.1, ["-c:a", "libopus", "-b:a", "24k"]),
    ("tone_44100_stereo.ogg", TONE, 44100, 1.1, ["-c:a", "libvorbis", "-q:a", "0"]),
    ("tone_44100_stereo.m4a", TONE, 44100, 1.1, ["-c:a", "aac", "-b:a", "48k"]),
]


def ffmpeg(*args):
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", *args], check=True)


def stats(path, name):
    """One cases.txt line: what the ffmpeg CLI decodes from path."""
    probe = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries",
                            "stream=sample_rate,channels", "-of", "csv=p=0", path],
                           check=True, capture_output=True, text=True).stdout.strip().split(",")
    srate, ch = int(probe[0]), int(probe[1])
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", path, "-f", "f32le", "-"], check=True,
                         capture_output=True).stdout
    x = np.frombuffer(raw, "<f4")
    frames = len(x) // ch
    rms = float(np.sqrt(np.mean(x.astype(np.float64) ** 2)))
    idx = np.linspace(0, len(x) - 1, 12).astype(int)
    probes = " ".join(f"{i}:{x[i]!r}" for i in idx)
    return f"{name} {srate} {ch} {frames} {rms!r} {probes}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--samples", default=None)
    args = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    lines = []
    for name, src, rate, dur, codec in CASES:
        path = os.path.join(OUT, name)
        ffmpeg("-f", "lavfi", "-i", src.format(rate=rate, dur=dur), *codec, "-map_metadata", "-1",
               "-fflags", "+bitexact", "-flags:a", "+bitexact", path)
        lines.append(stats(path, name))
    if args.samples:
        sample_lines = [stats(os.path.join(args.samples, d, "aud.mp3"), f"{d}/aud.mp3")
                        for d in sorted(os.listdir(args.samples))
                        if os.path.exists(os.path.join(args.samples, d, "aud.mp3"))]
        with open(os.path.join(OUT, "samples.txt"), "w") as f:
            f.write("\n".join(sample_lines) + "\n")
    ffmpeg("-f", "lavfi", "-i", "anullsrc=r=16000:cl=mono", "-t", "1.0", "-c:a", "pcm_s16le",
           os.path.join(OUT, "silent.wav"))
    ffmpeg("-f", "lavfi", "-i", "testsrc=s=32x32:r=5:d=0.4", "-c:v", "libx264", "-pix_fmt", "yuv420p",
           os.path.join(OUT, "video_only.mp4"))
    with open(os.path.join(OUT, "cases.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
