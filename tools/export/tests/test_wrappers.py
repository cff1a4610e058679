"""The export wrappers' logic on stand-in modules (torch and onnx only; no V-Express sources needed).

Run: /usr/bin/python3 -m unittest discover -s tools/export/tests -t tools/export
(vexpress-core's ExportToolPythonTest runs exactly this when /usr/bin/python3 has torch.)

The stand-ins reproduce the protocol of V-Express's ReferenceAttentionControl that the wrappers rely
on: a writer block appends ``norm2(hidden + attn1(norm1(hidden)))`` to ``block.bank``; a reader block
repeats ``bank[0]`` over the frames, attends to it with ``attn1_5`` and, like V-Express's closure,
multiplies that output and the audio cross-attention (``attn2``) output by Python floats unless they
are 1.0. ``native_denoise`` is V-Express's way (``prepare_kps_feature``'s float32 / 255 and guider with
zeros first, ``update()`` with zeros first, float weights); the wrappers must give the same numbers with
the guider inside, fed uint8 V-Kps images, and the weights as tensors.
"""
import math
import os
import sys
import tempfile
import unittest

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from vexpress_export import wrappers  # noqa: E402
from vexpress_export.onnx_export import declared_io, export_onnx  # noqa: E402


class Attention(nn.Module):
    def __init__(self, dim, context_dim=None):
        super().__init__()
        self.q = nn.Linear(dim, dim)
        self.k = nn.Linear(context_dim or dim, dim)
        self.v = nn.Linear(context_dim or dim, dim)
        self.o = nn.Linear(dim, dim)

    def forward(self, x, encoder_hidden_states=None, attention_mask=None):
        ctx = x if encoder_hidden_states is None else encoder_hidden_states
        w = torch.softmax(self.q(x) @ self.k(ctx).transpose(1, 2) / math.sqrt(x.shape[-1]), dim=-1)
        return self.o(w @ self.v(ctx))


class WriterBlock(nn.Module):
    """Stands for V-Express's BasicTransformerBlock with the write hook installed."""

    def __init__(self, dim, context_dim):
        super().__init__()
        self.norm1, self.norm2 = nn.LayerNorm(dim), nn.LayerNorm(dim)
        self.attn1, self.attn2 = Attention(dim), Attention(dim, context_dim)
        self.bank = []

    def forward(self, h, encoder_hidden_states):
        h = self.attn1(self.norm1(h)) + h
        n = self.norm2(h)
        self.bank.append(n.clone())
        return self.attn2(n, encoder_hidden_states) + h


class ReaderBlock(nn.Module):
    """Stands for TemporalBasicTransformerBlock with the read hook installed."""

    def __init__(self, dim, context_dim):
        super().__init__()
        self.norm1, self.norm1_5, self.norm2 = nn.LayerNorm(dim), nn.LayerNorm(dim), nn.LayerNorm(dim)
        self.attn1, self.attn1_5, self.attn2 = Attention(dim), Attention(dim), Attention(dim, context_dim)
        self.bank = []
        self.closure_reference_weight = 1.0
        self.closure_audio_weight = 1.0

    def forward(self, h, encoder_hidden_states, video_length):
        n = self.norm1(h)
        h = self.attn1(n, n) + h
        d = self.bank[0]
        d = d.unsqueeze(1).repeat(1, video_length, 1, 1).flatten(0, 1)  # b t l c -> (b t) l c
        a = self.attn1_5(self.norm1_5(h), d)
        if self.closure_reference_weight != 1.0:
            a = a * self.closure_reference_weight
        h = a + h
        a = self.attn2(self.norm2(h), encoder_hidden_states)
        if self.closure_audio_weight != 1.0:
            a = a * self.closure_audio_weight
        return a + h


WIDTHS = [16, 32, 32, 64, 16]  # module order; pairing order is 64, 32, 32, 16, 16


class StandInReferenceNet(nn.Module):
    def __init__(self, latent_channels=4, context_dim=8):
        super().__init__()
        dims = [latent_channels] + WIDTHS
        self.proj = nn.ModuleList(nn.Linear(a, b) for a, b in zip(dims[:-1], dims[1:]))
        self.blocks = nn.ModuleList(WriterBlock(w, context_dim) for w in WIDTHS)
        self.time = nn.Linear(1, latent_channels)

    def forward(self, sample, timestep, encoder_hidden_states, return_dict=True):
        t = torch.as_tensor(timestep, dtype=sample.dtype).reshape(1, 1)
        h = sample.flatten(2).transpose(1, 2) + self.time(t)
        for proj, block in zip(self.proj, self.blocks):
            h = block(proj(h), encoder_hidden_states)
        return (h,)


class StandInDenoisingUNet(nn.Module):
    def __init__(self, latent_channels=4, context_dim=8):
        super().__init__()
        dims = [latent_channels] + WIDTHS
        self.proj = nn.ModuleList(nn.Linear(a, b) for a, b in zip(dims[:-1], dims[1:]))
        self.blocks = nn.ModuleList(ReaderBlock(w, context_dim) for w in WIDTHS)
        self.out = nn.Linear(WIDTHS[-1], latent_channels)
        self.time = nn.Linear(1, latent_channels)

    def forward(self, sample, timestep, encoder_hidden_states, kps_features=None, return_dict=True):
        b, c, t, hh, ww = sample.shape
        x = sample + kps_features
        h = x.permute(0, 2, 3, 4, 1).reshape(b * t, hh * ww, c)
        h = h + self.time(timestep.reshape(-1, 1)[:1].to(h.dtype))
        for proj, block in zip(self.proj, self.blocks):
            h = block(proj(h), encoder_hidden_states, video_length=t)
        out = self.out(h).reshape(b, t, hh, ww, c).permute(0, 4, 1, 2, 3)
        return (out,)


class StandInGuider(nn.Module):
    """Per frame like V-Express's VKpsGuider (inflated 2D convolutions): [1, 3, T, 8h, 8w] -> [1, 4, T, h, w]."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv3d(3, 4, (1, 8, 8), stride=(1, 8, 8))

    def forward(self, x):
        return torch.tanh(self.conv(x))


def walk(module):  # V-Express's torch_dfs
    result = [module]
    for child in module.children():
        result += walk(child)
    return result


def build(seed=0):
    torch.manual_seed(seed)
    ref, unet, guider = StandInReferenceNet().eval(), StandInDenoisingUNet().eval(), StandInGuider().eval()
    writers = wrappers.bank_order(ref, (WriterBlock,), walk)
    readers = wrappers.bank_order(unet, (ReaderBlock,), walk)
    return ref, unet, guider, writers, readers


def unet_inputs(refs, batch, frames, h=3, w=2, seed=1):
    g = torch.Generator().manual_seed(seed)
    sample = torch.randn(1, 4, frames, h, w, generator=g)
    audio = torch.randn(frames, 5, 8, generator=g)
    kps_images = torch.randint(0, 256, (1, 3, frames, 8 * h, 8 * w), generator=g).to(torch.uint8)
    if batch == 2:
        sample = torch.cat([sample, sample])
        audio = torch.cat([torch.zeros_like(audio), audio])
        refs = [torch.cat([torch.zeros_like(r), r]) for r in refs]
    return [sample, torch.tensor([501]), audio, kps_images] + list(refs)


def vexpress_kps_features(guider, kps_images, cfg):
    """prepare_kps_feature: VaeImageProcessor's float32 / 255 (numpy), the guider, zeros first with guidance."""
    images = torch.from_numpy(kps_images.numpy().astype("float32") / 255.0)
    features = guider(images)
    return torch.cat([torch.zeros_like(features), features]) if cfg else features


def native_denoise(ref, unet, guider, latent, inputs, reference_weight, audio_weight):
    """V-Express's path: the guider's features, write-mode run, update() (zeros first with guidance), float weights."""
    text = torch.zeros(1, 1, 8)
    writers = wrappers.bank_order(ref, (WriterBlock,), walk)
    readers = wrappers.bank_order(unet, (ReaderBlock,), walk)
    for w in writers:
        w.bank = []
    ref(latent, timestep=0, encoder_hidden_states=text, return_dict=False)
    cfg = inputs[0].shape[0] == 2
    for r, w in zip(readers, writers):
        r.bank = [torch.cat([torch.zeros_like(v), v]) if cfg else v.clone() for v in w.bank]
        r.closure_reference_weight, r.closure_audio_weight = reference_weight, audio_weight
    try:
        kps = vexpress_kps_features(guider, inputs[3], cfg)
        return unet(inputs[0], inputs[1], encoder_hidden_states=inputs[2], kps_features=kps)[0]
    finally:
        for r in readers:
            r.bank = []
            r.closure_reference_weight = r.closure_audio_weight = 1.0


class BankOrderTest(unittest.TestCase):
    def test_sorted_by_descending_width_then_module_order(self):
        ref, _, _, writers, _ = build()
        order = [list(ref.blocks).index(b) for b in writers]
        self.assertEqual(order, [3, 1, 2, 0, 4])

    def test_pairing_mismatch_is_an_error(self):
        _, _, _, writers, readers = build()
        with self.assertRaisesRegex(ValueError, "transformer blocks"):
            wrappers.check_pairing(writers, readers[:-1])
        with self.assertRaisesRegex(ValueError, "width"):
            wrappers.check_pairing(writers, list(reversed(readers)))
        wrappers.check_pairing(writers, readers)


class ReferenceFeaturesTest(unittest.TestCase):
    def test_outputs_are_the_writer_banks_in_pairing_order(self):
        ref, _, _, writers, _ = build()
        wrapper = wrappers.ReferenceFeatures(ref, writers, text_state_width=8)
        latent = torch.randn(1, 4, 3, 2)
        with torch.no_grad():
            features = wrapper(latent)
            for w in writers:
                w.bank = []
            ref(latent, timestep=0, encoder_hidden_states=torch.zeros(1, 1, 8))
        self.assertEqual(len(features), 5)
        self.assertEqual([f.shape[-1] for f in features], [64, 32, 32, 16, 16])
        for f, w in zip(features, writers):
            self.assertTrue(torch.equal(f, w.bank[0]))
        self.assertFalse(torch.equal(features[3], features[4]))  # same width, different blocks

    def test_banks_are_left_empty(self):
        ref, _, _, writers, _ = build()
        wrappers.ReferenceFeatures(ref, writers, 8)(torch.randn(1, 4, 2, 2))
        self.assertTrue(all(w.bank == [] for w in writers))


class DenoisingUNetTest(unittest.TestCase):
    def setUp(self):
        self.ref, self.unet, self.guider, self.writers, self.readers = build()
        self.reference = wrappers.ReferenceFeatures(self.ref, self.writers, 8)
        self.wrapper = wrappers.DenoisingUNet(self.unet, self.readers, self.guider)
        self.latent = torch.randn(1, 4, 3, 2, generator=torch.Generator().manual_seed(7))
        with torch.no_grad():
            self.refs = self.reference(self.latent)

    def run_wrapper(self, inputs, rw, aw):
        with torch.no_grad():
            return self.wrapper(*inputs, torch.tensor([rw]), torch.tensor([aw]))

    def test_matches_vexpress_path_with_guidance_layout(self):
        inputs = unet_inputs(self.refs, batch=2, frames=3)
        with torch.no_grad():
            native = native_denoise(self.ref, self.unet, self.guider, self.latent, inputs, 0.95, 3.0)
        torch.testing.assert_close(self.run_wrapper(inputs, 0.95, 3.0), native, rtol=0, atol=1e-6)

    def test_matches_vexpress_path_without_guidance(self):
        inputs = unet_inputs(self.refs, batch=1, frames=2)
        with torch.no_grad():
            native = native_denoise(self.ref, self.unet, self.guider, self.latent, inputs, 0.5, 2.0)
        torch.testing.assert_close(self.run_wrapper(inputs, 0.5, 2.0), native, rtol=0, atol=1e-6)

    def test_each_weight_changes_the_output(self):
        inputs = unet_inputs(self.refs, batch=2, frames=2)
        base = self.run_wrapper(inputs, 1.0, 1.0)
        self.assertGreater((self.run_wrapper(inputs, 0.5, 1.0) - base).abs().max().item(), 1e-4)
        self.assertGreater((self.run_wrapper(inputs, 1.0, 3.0) - base).abs().max().item(), 1e-4)

    def test_hooks_are_inert_outside_the_wrapper(self):
        inputs = unet_inputs(self.refs, batch=1, frames=2)
        with torch.no_grad():
            native = native_denoise(self.ref, self.unet, self.guider, self.latent, inputs, 1.0, 1.0)
        torch.testing.assert_close(self.run_wrapper(inputs, 1.0, 1.0), native, rtol=0, atol=1e-6)

    def test_input_names_follow_the_contract(self):
        self.assertEqual(self.wrapper.input_names(),
                         ["sample", "timestep", "audio_tokens", "kps_images", "ref_0", "ref_1", "ref_2",
                          "ref_3", "ref_4", "reference_attention_weight", "audio_attention_weight"])

    def test_the_guider_feeds_only_the_conditional_half(self):
        inputs = unet_inputs(self.refs, batch=2, frames=3)
        with torch.no_grad():
            doubled = wrappers.kps_features_from_images(self.guider, inputs[3], 2)
            single = wrappers.kps_features_from_images(self.guider, inputs[3], 1)
        self.assertEqual(tuple(doubled.shape), (2, 4, 3, 3, 2))
        self.assertTrue(torch.equal(doubled[0], torch.zeros_like(doubled[0])))
        self.assertTrue(torch.equal(doubled[1:], single))
        self.assertGreater(single.abs().max().item(), 1e-3)
        other = inputs[:3] + [255 - inputs[3]] + inputs[4:]
        self.assertGreater((self.run_wrapper(other, 1.0, 1.0) - self.run_wrapper(inputs, 1.0, 1.0)).abs().max().item(), 1e-4,
                           "the images must change the prediction")

    def test_wrong_number_of_features_is_an_error(self):
        inputs = unet_inputs(self.refs, batch=1, frames=2)
        with self.assertRaisesRegex(ValueError, "5 reference features"):
            self.wrapper(*inputs[:-1], torch.tensor([1.0]), torch.tensor([1.0]))

    def test_onnx_export_keeps_weights_and_features_as_dynamic_inputs(self):
        names = self.wrapper.input_names()
        axes = {"sample": {0: "batch", 2: "frames", 3: "latent_height", 4: "latent_width"},
                "audio_tokens": {0: "batch_frames"},
                "kps_images": {2: "frames", 3: "height", 4: "width"},
                "noise_pred": {0: "batch", 2: "frames", 3: "latent_height", 4: "latent_width"}}
        axes.update({f"ref_{i}": {0: "batch", 1: f"tokens_{i}"} for i in range(5)})
        inputs = unet_inputs(self.refs, batch=2, frames=2) + [torch.tensor([0.95]), torch.tensor([3.0])]
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "denoising_unet.onnx")
            info = export_onnx(self.wrapper, inputs, path, names, ["noise_pred"], axes)
            io = declared_io(path)
            self.assertFalse(info["external_data"])
        self.assertEqual(list(io["inputs"]), names)
        self.assertEqual(io["inputs"]["reference_attention_weight"], {"elem_type": "FLOAT", "shape": [1]})
        self.assertEqual(io["inputs"]["timestep"]["elem_type"], "INT64")
        self.assertEqual(io["inputs"]["kps_images"], {"elem_type": "UINT8", "shape": [1, 3, "frames", "height", "width"]})
        self.assertEqual(io["inputs"]["sample"]["shape"], ["batch", 4, "frames", "latent_height", "latent_width"])
        self.assertEqual(io["inputs"]["ref_0"]["shape"], ["batch", "tokens_0", 64])
        self.assertEqual(io["inputs"]["ref_4"]["shape"], ["batch", "tokens_4", 16])
        self.assertEqual(io["outputs"]["noise_pred"]["shape"][0], "batch")


class Float32BoundaryTest(unittest.TestCase):
    def test_casts_float_inputs_and_outputs_but_not_integers(self):
        seen = {}

        class Inner(nn.Module):
            def forward(self, x, t):
                seen["x"], seen["t"] = x.dtype, t.dtype
                return x * 2, x + t

        out = wrappers.Float32Boundary(Inner(), torch.float64)(torch.ones(2), torch.tensor([3]))
        self.assertEqual(seen, {"x": torch.float64, "t": torch.int64})
        self.assertEqual([o.dtype for o in out], [torch.float32, torch.float32])
        self.assertEqual(out[1].tolist(), [4.0, 4.0])


class ExternalDataTest(unittest.TestCase):
    def test_large_weights_go_to_one_data_file(self):
        import onnx
        model = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 8)).eval()
        x = torch.randn(1, 64)
        with tempfile.TemporaryDirectory() as d:
            small = export_onnx(model, [x], os.path.join(d, "a.onnx"), ["x"], ["y"], {"x": {0: "n"}})
            big = export_onnx(model, [x], os.path.join(d, "b.onnx"), ["x"], ["y"], {"x": {0: "n"}},
                              external_data_threshold_bytes=1024)
            self.assertFalse(small["external_data"])
            self.assertTrue(big["external_data"])
            self.assertEqual(sorted(os.listdir(d)), ["a.onnx", "b.onnx", "b.onnx.data"])
            self.assertLess(os.path.getsize(os.path.join(d, "b.onnx")), 4096)
            header = onnx.load(os.path.join(d, "b.onnx"), load_external_data=False)
            external = [t for t in header.graph.initializer if t.data_location == onnx.TensorProto.EXTERNAL]
            self.assertEqual(len(external), 2)  # the two weight matrices; the biases are under 1 KB
            self.assertEqual({e.value for t in external for e in t.external_data if e.key == "location"},
                             {"b.onnx.data"})
            loaded = onnx.load(os.path.join(d, "b.onnx"))  # resolves the data file
            inline = onnx.load(os.path.join(d, "a.onnx"))
            self.assertEqual(sorted(t.raw_data for t in loaded.graph.initializer),
                             sorted(t.raw_data for t in inline.graph.initializer))


class SmallWrappersTest(unittest.TestCase):
    def test_vae_wrappers_take_the_mean_and_the_sample(self):
        class Dist:
            def __init__(self, mean):
                self.mean = mean

        class Vae(nn.Module):
            def encode(self, x):
                return type("E", (), {"latent_dist": Dist(x[:, :1] * 10)})()

            def decode(self, z):
                return type("D", (), {"sample": z - 1})()

        x = torch.randn(1, 3, 4, 4)
        torch.testing.assert_close(wrappers.VaeEncoderMean(Vae())(x), x[:, :1] * 10)
        torch.testing.assert_close(wrappers.VaeDecoder(Vae())(x), x - 1)

    def test_audio_encoder_wrapper_takes_the_last_hidden_state_of_either_backend(self):
        class HF(nn.Module):
            def forward(self, w):
                return type("O", (), {"last_hidden_state": w * 3})()

        class TA(nn.Module):
            def forward(self, w):
                return w * 4, None

        w = torch.randn(1, 10)
        torch.testing.assert_close(wrappers.AudioEncoderLastHiddenState(HF())(w), w * 3)
        torch.testing.assert_close(wrappers.AudioEncoderLastHiddenState(TA())(w), w * 4)

    def test_zero_weights_get_random_values_and_others_stay(self):
        m = nn.Sequential(nn.Linear(3, 3), nn.Linear(3, 3))
        nn.init.zeros_(m[1].weight)
        before = m[0].weight.clone()
        n = wrappers.randomize_zero_parameters(m, torch.Generator().manual_seed(0))
        self.assertEqual(n, 1)
        self.assertTrue(torch.equal(m[0].weight, before))
        self.assertTrue(torch.any(m[1].weight != 0))


class Wav2Vec2KeyMappingTest(unittest.TestCase):
    def test_hugging_face_keys_fill_every_torchaudio_parameter(self):
        try:
            from torchaudio.models import wav2vec2_model
        except ImportError:
            self.skipTest("torchaudio not installed")
        from vexpress_export import tiny, vexpress_loading as vl
        model = wav2vec2_model(**vl.torchaudio_wav2vec2_config(tiny.TINY_WAV2VEC2_CONFIG), aux_num_out=None)
        # Hugging Face names (Wav2Vec2ForCTC checkpoint as in wav2vec2-base-960h)
        hf = {}
        for k, v in model.state_dict().items():
            if k.startswith("feature_extractor."):
                hf["wav2vec2." + k] = v
            elif k.startswith("encoder.feature_projection."):
                hf["wav2vec2." + k[len("encoder."):]] = v
            elif k.startswith("encoder.transformer."):
                hf["wav2vec2.encoder." + k[len("encoder.transformer."):]] = v
        hf["lm_head.weight"] = torch.zeros(1)
        hf["wav2vec2.masked_spec_embed"] = torch.zeros(1)
        mapped = vl.hf_to_torchaudio_state_dict(hf)
        self.assertEqual(set(mapped), set(model.state_dict()))


if __name__ == "__main__":
    unittest.main()
