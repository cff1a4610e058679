"""Checks that need V-Express's sources and diffusers 0.29.2 (skipped without them).

    VEXPRESS_DIR=/path/to/V-Express python -m unittest discover -s tools/export/tests -t tools/export

(with diffusers, omegaconf and einops importable). Covers what the stand-in tests cannot: the
checkpoint loading path of inference.py on tiny "checkpoints" in the released layout, and the export
wrappers against V-Express's own ReferenceAttentionControl path.
"""
import json
import os
import sys
import tempfile
import unittest

import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

VEXPRESS_DIR = os.environ.get("VEXPRESS_DIR", "")


def _sources_available():
    if not os.path.isfile(os.path.join(VEXPRESS_DIR, "modules", "mutual_self_attention.py")):
        return False
    try:
        import diffusers  # noqa: F401
        import einops  # noqa: F401
        import omegaconf  # noqa: F401
        import torchaudio  # noqa: F401
    except ImportError:
        return False
    return True


@unittest.skipUnless(_sources_available(), "set VEXPRESS_DIR to a V-Express checkout (and install diffusers 0.29.2, "
                                           "omegaconf, einops, torchaudio) to run")
class WithVExpressSourcesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        from vexpress_export import bundle, vexpress_loading as vl
        cls.tmp = tempfile.TemporaryDirectory()
        cls.bundle = bundle
        cls.vx = vl.import_vexpress(VEXPRESS_DIR)
        args = bundle.parse_args(["--vexpress_dir", VEXPRESS_DIR, "--output_dir", cls.tmp.name, "--tiny",
                                  "--audio_encoder_backend", "torchaudio"])
        cls.nets = bundle.Networks(args, cls.vx)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_wrappers_equal_vexpress_reference_attention_control(self):
        from vexpress_export.verification import VerificationCase, parity_with_vexpress_hooks
        comps = self.bundle.make_components(self.nets)
        cases = []
        for name, inputs in comps["denoising_unet"].verify_cases().items():
            with torch.no_grad():
                out = comps["denoising_unet"].module(*inputs)
            cases.append(VerificationCase(name, "denoising_unet", comps["denoising_unet"].input_names, inputs,
                                          ["noise_pred"], [out]))
        parity = parity_with_vexpress_hooks(self.nets, comps, cases)
        self.assertEqual(set(parity), {"denoising_unet_cfg", "denoising_unet_single", "denoising_unet_cfg:weights_matter"})
        for key, value in parity.items():
            self.assertLessEqual(value, 1e-6, key)

    def test_checkpoints_in_the_released_layout_load_exactly(self):
        from vexpress_export import tiny
        nets, root = self.nets, os.path.join(self.tmp.name, "model_ckpts")
        os.makedirs(os.path.join(root, "v-express"))
        unet_dir = os.path.join(root, "stable-diffusion-v1-5", "unet")
        tiny.write_tiny_unet_config(unet_dir)
        ve = lambda name: os.path.join(root, "v-express", name + ".bin")  # noqa: E731
        sd = nets.denoising_unet.state_dict()
        torch.save({k: v for k, v in sd.items() if "motion_modules" not in k}, ve("denoising_unet"))
        torch.save({k: v for k, v in sd.items() if "motion_modules" in k}, ve("motion_module"))
        torch.save(nets.reference_net.state_dict(), ve("reference_net"))
        torch.save(nets.v_kps_guider.state_dict(), ve("v_kps_guider"))
        torch.save(nets.audio_projection.state_dict(), ve("audio_projection"))
        nets.vae.save_pretrained(os.path.join(root, "sd-vae-ft-mse"), safe_serialization=False)
        w = os.path.join(root, "wav2vec2-base-960h")
        os.makedirs(w)
        hf = {}  # torchaudio names -> Hugging Face Wav2Vec2ForCTC names, as in wav2vec2-base-960h
        for k, v in nets.audio_encoder.state_dict().items():
            if k.startswith("feature_extractor."):
                hf["wav2vec2." + k] = v
            elif k.startswith("encoder.feature_projection."):
                hf["wav2vec2." + k[len("encoder."):]] = v
            else:
                hf["wav2vec2.encoder." + k[len("encoder.transformer."):]] = v
        hf["lm_head.weight"] = torch.zeros(32, tiny.TINY_WIDTH)
        torch.save(hf, os.path.join(w, "pytorch_model.bin"))
        with open(os.path.join(w, "config.json"), "w") as f:
            json.dump(dict(tiny.TINY_WAV2VEC2_CONFIG, architectures=["Wav2Vec2ForCTC"]), f)
        with open(os.path.join(w, "preprocessor_config.json"), "w") as f:
            json.dump({"do_normalize": False, "sampling_rate": 16000}, f)

        cwd = os.getcwd()
        os.chdir(self.tmp.name)  # inference.py's relative default paths, resolved against the current directory
        try:
            args = self.bundle.parse_args([
                "--vexpress_dir", VEXPRESS_DIR, "--output_dir", os.path.join(self.tmp.name, "out"),
                "--unet_config_path", os.path.join(unet_dir, "config.json"),
                "--v_kps_guider_block_out_channels", ",".join(map(str, tiny.TINY_KPS_GUIDER_BLOCKS)),
                "--audio_projection_depth", "1", "--audio_projection_heads", "2",
                "--audio_projection_dim_head", "16", "--audio_projection_ff_mult", "2",
                "--audio_projection_input_dim", str(tiny.TINY_WIDTH), "--audio_encoder_backend", "torchaudio"])
            loaded = self.bundle.Networks(args, self.vx)
        finally:
            os.chdir(cwd)
        for name in ("reference_net", "denoising_unet", "v_kps_guider", "audio_projection", "vae", "audio_encoder"):
            a, b = getattr(nets, name).state_dict(), getattr(loaded, name).state_dict()
            self.assertEqual(a.keys(), b.keys(), name)
            for k in a:
                self.assertTrue(torch.equal(a[k], b[k]), f"{name}.{k}")
        self.assertEqual(loaded.audio_preprocessing, {"audio_sample_rate": 16000, "audio_normalize": False})


if __name__ == "__main__":
    unittest.main()
