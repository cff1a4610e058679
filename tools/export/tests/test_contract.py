"""The contract check (vexpress_export.contract) against docs/model-bundle.md's tables."""
import copy
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from vexpress_export.contract import check_bundle  # noqa: E402


def t(shape, elem="FLOAT"):
    return {"elem_type": elem, "shape": shape}


def good_bundle():
    refs_out = {"ref_0": t([1, "tokens_0", 1280]), "ref_1": t([1, "tokens_1", 320])}
    refs_in = {"ref_0": t(["batch", "tokens_0", 1280]), "ref_1": t(["batch", "tokens_1", 320])}
    five = ["batch", 4, "frames", "latent_height", "latent_width"]
    return {
        "vae_encoder": {"inputs": {"image": t(["batch", 3, "height", "width"])},
                        "outputs": {"latent_mean": t(["batch", 4, "latent_height", "latent_width"])}},
        "vae_decoder": {"inputs": {"latent": t(["frames", 4, "latent_height", "latent_width"])},
                        "outputs": {"image": t(["frames", 3, "height", "width"])}},
        "reference_net": {"inputs": {"latent": t([1, 4, "latent_height", "latent_width"])}, "outputs": refs_out},
        "denoising_unet": {"inputs": dict({"sample": t(five), "timestep": t([1], "INT64"),
                                           "audio_tokens": t(["batch_frames", 5, 768]),
                                           "kps_features": t(["batch", 320, "frames", "latent_height", "latent_width"]),
                                           "reference_attention_weight": t([1]),
                                           "audio_attention_weight": t([1])}, **refs_in),
                           "outputs": {"noise_pred": t(five)}},
        "v_kps_guider": {"inputs": {"kps_images": t(["batch", 3, "frames", "height", "width"])},
                         "outputs": {"kps_features": t(["batch", 320, "frames", "latent_height", "latent_width"])}},
        "audio_encoder": {"inputs": {"waveform": t(["batch", "samples"])},
                          "outputs": {"last_hidden_state": t(["batch", "audio_frames", 768])}},
        "audio_projection": {"inputs": {"audio_windows": t(["frames", 10, 768])},
                             "outputs": {"audio_tokens": t(["frames", 5, 768])}},
    }


class ContractTest(unittest.TestCase):
    def test_a_bundle_shaped_like_the_contract_passes(self):
        self.assertEqual(check_bundle(good_bundle(), num_pad_audio_frames=2), [])

    def assertProblem(self, bundle, fragment, pad=2):
        problems = check_bundle(bundle, pad)
        self.assertTrue(any(fragment in p for p in problems), f"{fragment!r} not in {problems}")

    def test_wrong_names_types_and_shapes_are_reported(self):
        b = good_bundle()
        b["denoising_unet"]["inputs"]["timestep"] = t([1], "FLOAT")
        self.assertProblem(b, "denoising_unet.timestep: element type FLOAT")
        b = good_bundle()
        del b["denoising_unet"]["inputs"]["audio_attention_weight"]
        self.assertProblem(b, "missing input 'audio_attention_weight'")
        b = good_bundle()
        b["denoising_unet"]["inputs"]["encoder_hidden_states"] = t([1])
        self.assertProblem(b, "extra inputs ['encoder_hidden_states']")
        b = good_bundle()
        b["v_kps_guider"]["inputs"]["kps_images"] = t([1, 3, 24, 512, 512])
        self.assertProblem(b, "v_kps_guider.kps_images[2]: fixed to 24")

    def test_dimensions_must_agree_across_models(self):
        b = good_bundle()
        b["v_kps_guider"]["outputs"]["kps_features"] = t(["batch", 8, "frames", "h", "w"])
        self.assertProblem(b, "Ck = 8 but elsewhere 320")
        b = good_bundle()
        self.assertProblem(b, "2(2P+1)", pad=1)  # audio_windows has 10 tokens, 2*(2*1+1) = 6
        b = good_bundle()
        b["audio_projection"]["inputs"]["audio_windows"] = t(["frames", 10, 512])
        self.assertProblem(b, "audio_projection.audio_windows[2]: Da = 512 but elsewhere 768")
        b = good_bundle()
        b["denoising_unet"]["inputs"]["audio_tokens"] = t(["batch_frames", 5, 1024])
        self.assertProblem(b, "audio_projection.audio_tokens[2]: Dt = 768 but elsewhere 1024")

    def test_audio_feature_and_token_widths_may_differ(self):
        # an audio projection 32 -> 64 between a 32-wide encoder and a UNet with 64-wide audio tokens
        b = good_bundle()
        b["audio_encoder"]["outputs"]["last_hidden_state"] = t(["batch", "audio_frames", 32])
        b["audio_projection"]["inputs"]["audio_windows"] = t(["frames", 10, 32])
        b["audio_projection"]["outputs"]["audio_tokens"] = t(["frames", 5, 64])
        b["denoising_unet"]["inputs"]["audio_tokens"] = t(["batch_frames", 5, 64])
        self.assertEqual(check_bundle(b, num_pad_audio_frames=2), [])
        b = good_bundle()
        b["denoising_unet"]["inputs"]["ref_1"] = t(["batch", "tokens_1", 640])
        self.assertProblem(b, "reference features differ")
        b = good_bundle()
        del b["reference_net"]["outputs"]["ref_0"]
        self.assertProblem(b, "missing or with gaps")


if __name__ == "__main__":
    unittest.main()
