"""V-Express's own code as a golden source: imports the pinned checkout and runs its functions with stubs
for everything the math does not use (models, face detector, file and video I/O). Nothing of V-Express is
copied here; the golden scripts (conditioning.py, diffusion.py) call what this module exposes.

Pinned sources: tencent-ailab/V-Express at commit 6814f7d (6814f7db362dc9e26644162034b4d28c5277651a), with diffusers v0.29.2 and einops v0.4.1 on Debian's torch 1.13.1 (reports 1.13.0a0), numpy 1.24, OpenCV 4.6,
Pillow 9.4, omegaconf 2.2. `SOURCE_SHA256` holds the digests of the V-Express files used; a checkout whose
files differ is refused (pass allow_other_revision=True to make goldens from another revision on purpose).

Setting the environment up (any machine):

    git clone https://github.com/tencent-ailab/V-Express && git -C V-Express checkout 6814f7d
    # diffusers 0.29.2, einops 0.4.1, omegaconf, torch, numpy, opencv-python, pillow importable
    # (on the project machine: source /work/vxenv/env.sh, which also stubs transformers/safetensors)
    export VEXPRESS_DIR=$PWD/V-Express

V-Express's inference.py imports accelerate, insightface, transformers, imageio_ffmpeg and (through datasets/)
torchvision at the top; when they are not installed, empty stand-ins are registered (the math under test never
calls them).
"""
import contextlib
import hashlib
import importlib
import io
import os
import sys
import tempfile
import types

import numpy as np
import torch

VEXPRESS_COMMIT = '6814f7db362dc9e26644162034b4d28c5277651a'
SOURCE_SHA256 = {  # of the files at that commit
    'inference.py': '5a1f554ae81d8d59202509cb60ca6f6c11f271ca86ddae73c958a0225aea723d',
    'pipelines/context.py': '408a7af929c5937aab6513f02945af8f3eacf8334a7599d5ef87d648fd64978e',
    'pipelines/utils.py': '649a3a6a2097f4e4791f4c750d076237059fe92f622f69d5198c1f5910237aca',
    'pipelines/v_express_pipeline.py': '0a8dde1a6bf972188799e42896c8c178a84ff9567ddcbe31efa9e3782e9bf1b0',
    'datasets/utils.py': 'b48c4c074377241da507799bc3d11cf7c69f207d8bbcc5296063d03303d6be70',
}


def _sha256(path):
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


def versions():
    """What made the goldens, for the scripts' logs."""
    import cv2
    import diffusers
    return {'vexpress_commit': VEXPRESS_COMMIT, 'torch': torch.__version__, 'numpy': np.__version__,
            'opencv': cv2.__version__, 'diffusers': diffusers.__version__}


def _stub_module(name, **attrs):
    module = types.ModuleType(name)
    module.__dict__.update(attrs)
    sys.modules[name] = module
    return module


def _ensure_importable(name, make):
    try:
        importlib.import_module(name)
    except ImportError:
        make()


class _Unused:
    """Stands for a class the math never uses (models, processors, the face detector)."""

    def __init__(self, *args, **kwargs):
        pass

    @classmethod
    def from_pretrained(cls, *args, **kwargs):
        return cls()

    def to(self, *args, **kwargs):
        return self


class VExpress:
    """The imported V-Express modules: ``inference``, ``context`` (pipelines.context), ``utils``
    (pipelines.utils), ``draw`` (datasets.utils) and ``VExpressPipeline``."""

    def __init__(self, directory, allow_other_revision=False):
        if not directory or not os.path.isfile(os.path.join(directory, 'inference.py')):
            raise SystemExit('V-Express checkout not found: pass --vexpress_dir or set VEXPRESS_DIR '
                             '(see tools/goldens/vexpress_reference.py)')
        self.directory = os.path.abspath(directory)
        mismatched = [f for f, digest in SOURCE_SHA256.items()
                      if _sha256(os.path.join(self.directory, f)) != digest]
        if mismatched and not allow_other_revision:
            raise SystemExit(f'{self.directory} is not V-Express {VEXPRESS_COMMIT}: {mismatched} differ '
                             f'(digests in tools/goldens/vexpress_reference.py)')
        if self.directory not in sys.path:
            sys.path.insert(0, self.directory)
        import diffusers  # noqa: F401  (first: it probes for accelerate, which must then look absent)
        _ensure_importable('accelerate', lambda: _stub_module('accelerate', Accelerator=_Unused))
        _ensure_importable('insightface.app', lambda: (_stub_module('insightface'),
                                                       _stub_module('insightface.app', FaceAnalysis=_Unused)))
        # datasets/__init__.py imports the training dataset, which needs torchvision (not used by draw_kps_image)
        _ensure_importable('torchvision', lambda: [_stub_module(n) for n in (
            'torchvision', 'torchvision.io', 'torchvision.transforms', 'torchvision.transforms.functional')])
        _ensure_importable('imageio_ffmpeg', lambda: _stub_module('imageio_ffmpeg', get_ffmpeg_exe=lambda: 'ffmpeg'))
        self.inference = importlib.import_module('inference')
        self.context = importlib.import_module('pipelines.context')
        self.utils = importlib.import_module('pipelines.utils')
        self.draw = importlib.import_module('datasets.utils')
        self.VExpressPipeline = importlib.import_module('pipelines.v_express_pipeline').VExpressPipeline
        self._tmp = tempfile.TemporaryDirectory(prefix='vexpress-goldens-')
        from PIL import Image
        self._image = os.path.join(self._tmp.name, 'ref.png')
        Image.new('RGB', (8, 8), (120, 100, 90)).save(self._image)

    # ------------------------------------------------------------------ inference.py, end to end

    def run_inference(self, *, reference_kps, kps_sequence=None, retarget_strategy='fix_face', samples,
                      fps=30.0, context_frames=24, context_overlap=4, width=512, height=512,
                      closest_ratio=False, draw=False):
        """Runs ``inference.main()`` on a waveform of ``samples`` samples at 16 kHz.

        ``reference_kps``: what the face detector returns for the reference image (``[3, 2]`` float32);
        ``kps_sequence``: the driving sequence as ``kps.pth`` holds it (a list of ``[3, 2]`` float32 arrays) or
        None; ``closest_ratio``: retarget with the frame whose ratio really is closest instead of V-Express's
        selection (our fix; everything after the selection is still V-Express's ``retarget_kps``).

        Returns a dict: ``video_length``, ``fps`` (what inference.py passes to save_video), ``kps`` (the
        ``[video_length, 3, 2]`` float32 keypoints it draws), ``selected`` (the retarget frame, or None),
        ``images`` (the V-Kps images when ``draw``), or ``error`` (the exception inference.py raised).
        """
        inf = self.inference
        captured = {'kps': [], 'images': [], 'selected': None}
        kps_path = ''
        if kps_sequence is not None:
            kps_path = os.path.join(self._tmp.name, 'kps.pth')
            torch.save([np.asarray(k, dtype=np.float32) for k in kps_sequence], kps_path)
        reference = np.zeros((5, 2), dtype=np.float32)
        reference[:3] = np.asarray(reference_kps, dtype=np.float32)

        class FaceAnalysis(_Unused):
            def prepare(self, ctx_id, det_size):
                pass

            def get(self, image):
                return [types.SimpleNamespace(kps=reference.copy())]

        class Pipeline(_Unused):
            def __call__(self, **kwargs):
                captured['video_length'] = kwargs['video_length']
                return torch.zeros(1, 3, kwargs['video_length'], 1, 1)

        def save_video(video_tensor, audio_path, output_path, device, fps=30.0):
            captured['fps'] = fps

        real_draw = inf.draw_kps_image

        def draw_kps_image(h, w, kps):
            captured['kps'].append(np.array(np.array(kps), dtype=np.float32))
            if draw:
                image = real_draw(h, w, kps)
                captured['images'].append(image)
                return image
            return np.zeros((1, 1, 3), dtype=np.uint8)

        real_retarget = self.utils.retarget_kps

        def retarget_kps(ref_kps, tgt_kps_list, only_offset=True):
            if closest_ratio:
                with self._forced_selection(ref_kps, tgt_kps_list) as selected:
                    out = real_retarget(ref_kps, tgt_kps_list, only_offset=only_offset)
                captured['selected'] = selected
                return out
            with self._selection_probe() as probe:
                out = real_retarget(ref_kps, tgt_kps_list, only_offset=only_offset)
            captured['selected'] = probe['selected']
            return out

        def load_audio(path):
            return torch.zeros(1, samples), 16000

        net = types.SimpleNamespace(config=types.SimpleNamespace(cross_attention_dim=768), to=lambda *a, **k: net)
        patches = {
            'FaceAnalysis': FaceAnalysis, 'VExpressPipeline': Pipeline, 'save_video': save_video,
            'draw_kps_image': draw_kps_image, 'retarget_kps': retarget_kps, 'AutoencoderKL': _Unused,
            'Wav2Vec2Model': _Unused, 'Wav2Vec2Processor': _Unused, 'get_scheduler': lambda path: None,
            'load_reference_net': lambda *a, **k: net, 'load_denoising_unet': lambda *a, **k: net,
            'load_v_kps_guider': lambda *a, **k: net, 'load_audio_projection': lambda *a, **k: net,
        }
        argv = ['inference.py', '--device', 'cpu', '--dtype', 'fp32', '--retarget_strategy', retarget_strategy,
                '--reference_image_path', self._image, '--audio_path', 'audio.wav', '--kps_path', kps_path,
                '--output_path', os.path.join(self._tmp.name, 'out.mp4'), '--image_width', str(width),
                '--image_height', str(height), '--fps', repr(float(fps)), '--context_frames', str(context_frames),
                '--context_overlap', str(context_overlap)]
        saved = {k: getattr(inf, k) for k in patches}
        saved_argv, saved_load = sys.argv, inf.torchaudio.load
        try:
            for k, v in patches.items():
                setattr(inf, k, v)
            sys.argv = argv
            inf.torchaudio.load = load_audio
            with contextlib.redirect_stdout(io.StringIO()):
                inf.main()
        except Exception as e:  # what inference.py itself raises, recorded as the reference's behaviour
            return {'error': type(e).__name__, 'message': str(e)}
        finally:
            for k, v in saved.items():
                setattr(inf, k, v)
            sys.argv, inf.torchaudio.load = saved_argv, saved_load
        return {'video_length': captured['video_length'], 'fps': captured['fps'],
                'kps': np.stack(captured['kps']).astype(np.float32), 'selected': captured['selected'],
                'images': captured['images']}

    @contextlib.contextmanager
    def _selection_probe(self):
        """Reads retarget_kps's local ``selected_tgt_kps_idx`` when it returns (no copy of its loop)."""
        probe = {'selected': None}
        code = self.utils.retarget_kps.__code__

        def local(frame, event, arg):
            if event == 'return':
                probe['selected'] = frame.f_locals.get('selected_tgt_kps_idx')
            return local

        def tracer(frame, event, arg):
            return local if frame.f_code is code else None

        previous = sys.gettrace()
        sys.settrace(tracer)
        try:
            yield probe
        finally:
            sys.settrace(previous)

    @contextlib.contextmanager
    def _forced_selection(self, ref_kps, tgt_kps_list):
        """Makes V-Express's selection loop pick the frame whose ``compute_ratio`` is closest to the reference's
        (first on ties), by answering its ``compute_ratio`` calls with 0 for the reference and that frame and a
        huge ratio for every other frame. Yields the chosen index."""
        compute_ratio = self.utils.compute_ratio
        ref = np.array(ref_kps)
        frames = np.array(tgt_kps_list)
        ref_ratio = compute_ratio(ref)
        deltas = [abs(compute_ratio(f) - ref_ratio) for f in frames]
        chosen = int(np.argmin(deltas))
        calls = [0]

        def forced(kps):
            i = calls[0]
            calls[0] += 1
            return 0.0 if i == 0 or i - 1 == chosen else 1e300

        self.utils.compute_ratio = forced
        try:
            yield chosen
        finally:
            self.utils.compute_ratio = compute_ratio

    # ------------------------------------------------------------------ pipeline stages

    def audio_windows(self, hidden, video_length, num_pad_audio_frames):
        """``VExpressPipeline.prepare_audio_embeddings`` up to the projection: the encoder stub returns ``hidden``
        (``[1, rows, width]``), the projection stub is the identity, so the result is the per-frame windows
        ``[video_length, 2 * (2P + 1), width]`` the projection would receive."""
        fake = types.SimpleNamespace(
            device=torch.device('cpu'), dtype=torch.float32,
            audio_processor=lambda waveform, return_tensors, sampling_rate: {'input_values': torch.zeros(1, 1)},
            audio_encoder=lambda x: types.SimpleNamespace(last_hidden_state=hidden),
            audio_projection=lambda windows: windows)
        out = self.VExpressPipeline.prepare_audio_embeddings(fake, torch.zeros(1), video_length,
                                                             num_pad_audio_frames, False)
        return out[0]

    def uniform_windows(self, frames, size, overlap):
        """The context windows VExpressPipeline uses: ``uniform(step=0, ..., context_stride=1, closed_loop=False)``."""
        return list(self.context.uniform(step=0, num_frames=frames, context_size=size, context_stride=1,
                                         context_overlap=overlap, closed_loop=False))

    def scheduler(self):
        """``inference.get_scheduler`` on V-Express's inference_v2.yaml: diffusers' DDIMScheduler."""
        return self.inference.get_scheduler(os.path.join(self.directory, 'inference_v2.yaml'))

    def mean_overlap(self, model, *, frames, latent_height, latent_width, latent_channels, steps, guidance_scale,
                     context_frames, context_overlap, seed, eta=0.0):
        """``VExpressPipeline.mean_overlap`` with diffusers' DDIM from inference_v2.yaml and ``model`` as the
        denoising UNet; the conditioning stages are stubs: the keypoint features carry each frame's index in
        channel 0 of the conditional half (zeros in the unconditional half, as V-Express's), so ``model`` sees
        which frames a window holds. Returns (initial latents, final latents)."""
        pipe = self.VExpressPipeline
        do_cfg = guidance_scale > 1.0
        index = torch.arange(frames, dtype=torch.float32)[None, None, :, None, None]
        index = index.expand(1, 1, frames, latent_height, latent_width).clone()
        kps_feature = torch.cat([torch.zeros_like(index), index]) if do_cfg else index
        captured = {}
        fake = types.SimpleNamespace(
            _execution_device=torch.device('cpu'), device=torch.device('cpu'), dtype=torch.float32,
            vae_scale_factor=1, scheduler=self.scheduler(), reference_net=torch.nn.Module(),
            denoising_unet=model,
            prepare_reference_latent=lambda image, h, w: None,
            prepare_kps_feature=lambda images, h, w, cfg: kps_feature,
            prepare_audio_embeddings=lambda wave, length, pad, cfg: torch.zeros(2 if cfg else 1, frames, 1, 1),
            progress_bar=lambda total: contextlib.nullcontext(
                types.SimpleNamespace(update=lambda: None, set_description=lambda text: None)),
            decode_latents=lambda latents: captured.setdefault('final', latents.clone()))
        fake.reference_net.forward = lambda *args, **kwargs: None
        fake.prepare_extra_step_kwargs = types.MethodType(pipe.prepare_extra_step_kwargs, fake)
        fake.get_timesteps = types.MethodType(pipe.get_timesteps, fake)

        def prepare_latents(*args, **kwargs):
            latents = pipe.prepare_latents(fake, *args, **kwargs)
            captured['initial'] = latents.clone()
            return latents

        fake.prepare_latents = prepare_latents
        model.in_channels = latent_channels
        pipe.mean_overlap(fake, reference_image=None, kps_images=None, audio_waveform=None, width=latent_width,
                          height=latent_height, video_length=frames, num_inference_steps=steps,
                          guidance_scale=guidance_scale, eta=eta, generator=torch.manual_seed(seed),
                          context_frames=context_frames, context_overlap=context_overlap)
        return captured['initial'], captured['final']
