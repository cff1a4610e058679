"""Command line: V-Express checkpoints -> ONNX model bundle (docs/model-bundle.md).

Run from anywhere; relative checkpoint paths are resolved against the current directory first and
then against --vexpress_dir (inference.py's defaults are relative to the V-Express checkout).
"""
import argparse
import gc
import json
import logging
import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional

import torch

from . import wrappers
from .contract import check_bundle
from .onnx_export import declared_io, export_onnx
from .torch_compat import use_exportable_attention
from .verification import VerificationCase, parity_with_vexpress_hooks, run_with_onnxruntime

LOG = logging.getLogger("vexpress_export")

COMPONENTS = ["vae_encoder", "vae_decoder", "reference_net", "denoising_unet",
              "v_kps_guider", "audio_encoder", "audio_projection"]
SCALING_FACTOR = 0.18215  # hard-coded in V-Express's pipeline (prepare_reference_latent, decode_latents)


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    g = p.add_argument_group("V-Express sources and checkpoints (inference.py's flags and defaults)")
    g.add_argument("--vexpress_dir", required=True, help="a checkout of tencent-ailab/V-Express")
    g.add_argument("--unet_config_path", default="./model_ckpts/stable-diffusion-v1-5/unet/config.json")
    g.add_argument("--vae_path", default="./model_ckpts/sd-vae-ft-mse/")
    g.add_argument("--audio_encoder_path", default="./model_ckpts/wav2vec2-base-960h/")
    g.add_argument("--denoising_unet_path", default="./model_ckpts/v-express/denoising_unet.bin")
    g.add_argument("--reference_net_path", default="./model_ckpts/v-express/reference_net.bin")
    g.add_argument("--v_kps_guider_path", default="./model_ckpts/v-express/v_kps_guider.bin")
    g.add_argument("--audio_projection_path", default="./model_ckpts/v-express/audio_projection.bin")
    g.add_argument("--motion_module_path", default="./model_ckpts/v-express/motion_module.bin")
    g.add_argument("--inference_config", default="./inference_v2.yaml",
                   help="V-Express's inference YAML (unet_additional_kwargs)")

    a = p.add_argument_group("architecture numbers inference.py hard-codes (defaults = inference.py)")
    a.add_argument("--num_pad_audio_frames", type=int, default=2)
    a.add_argument("--audio_projection_depth", type=int, default=4)
    a.add_argument("--audio_projection_heads", type=int, default=12)
    a.add_argument("--audio_projection_dim_head", type=int, default=64)
    a.add_argument("--audio_projection_ff_mult", type=int, default=4)
    a.add_argument("--audio_projection_input_dim", type=int, default=None,
                   help="inp_dim, the audio encoder's width (768 for wav2vec2-base; with --tiny: the tiny wav2vec2's "
                        "width, default the tiny UNet's cross-attention width)")
    a.add_argument("--audio_projection_dim", type=int, default=None, help="mid_dim; default: UNet cross_attention_dim")
    a.add_argument("--audio_projection_output_dim", type=int, default=None,
                   help="out_dim; default: UNet cross_attention_dim")
    a.add_argument("--audio_projection_input_seq_len", type=int, default=None,
                   help="default 2*(2*num_pad_audio_frames+1)")
    a.add_argument("--audio_projection_output_seq_len", type=int, default=None,
                   help="default 2*num_pad_audio_frames+1")
    a.add_argument("--v_kps_guider_block_out_channels", default="16,32,96,256")
    a.add_argument("--v_kps_guider_out_channels", type=int, default=None,
                   help="default: the UNet's first block width (320 for SD-1.5)")
    a.add_argument("--reference_text_state_width", type=int, default=None,
                   help="width of the zero text states fed to the reference net; default: UNet cross_attention_dim")
    a.add_argument("--audio_encoder_backend", choices=["auto", "transformers", "torchaudio"], default="auto")

    e = p.add_argument_group("export")
    e.add_argument("--output_dir", required=True)
    e.add_argument("--components", default=",".join(COMPONENTS), help="comma-separated subset")
    e.add_argument("--dtype", choices=["fp32", "fp16", "both"], default="fp32",
                   help="weights precision; I/O is float32 either way. 'both' writes fp32 files to "
                        "'models' and *.fp16.onnx files to 'models_fp16'")
    # The audio encoder stays float32 by default: traced in half precision its LayerNormalization nodes mix
    # float and float16 inputs, which ONNX Runtime refuses to load (seen with torch 2.11, transformers 5.17,
    # onnxruntime 1.30 on the GPU check), and at 95 M parameters it gains little from fp16.
    e.add_argument("--fp16_components", default="denoising_unet,reference_net,v_kps_guider,audio_projection,vae_decoder,vae_encoder",
                   help="with --dtype fp16 or both: which components get fp16 weights (the others stay float32)")
    e.add_argument("--device", default="cpu", help="torch device for tracing (fp16 needs cuda with torch < 2.1)")
    e.add_argument("--opset", type=int, default=17)
    e.add_argument("--external_data_threshold_mb", type=float, default=1984.0,
                   help="weights above this go to one <name>.onnx.data file (protobuf's limit is 2 GB)")
    e.add_argument("--trace_height", type=int, default=96,
                   help="image height used for tracing; keep it a multiple of 8 but not of 64, so that the "
                        "UNets trace V-Express's explicit upsampling sizes and the files serve every size")
    e.add_argument("--trace_width", type=int, default=80, help="image width used for tracing (see --trace_height)")
    e.add_argument("--verify", choices=["yes", "no"], default="yes")
    e.add_argument("--verify_height", type=int, default=128)
    e.add_argument("--verify_width", type=int, default=64)
    e.add_argument("--seed", type=int, default=0)
    e.add_argument("--tiny", action="store_true",
                   help="ignore checkpoints: randomly initialised V-Express networks at a tiny configuration")
    e.add_argument("--random_init", action="store_true",
                   help="ignore checkpoints but use the given configs (UNet config, vae and audio encoder "
                        "config.json): random networks at the real sizes, to check shapes and sizes")
    e.add_argument("--skip_pairing_check", action="store_true",
                   help="exporting reference_net without denoising_unet: do not build the denoising UNet "
                        "to check that its blocks pair with the reference features (saves memory)")
    e.add_argument("--parity_only", action="store_true",
                   help="only compare the export wrappers with V-Express's own ReferenceAttentionControl "
                        "path in PyTorch (fast); export nothing")
    e.add_argument("--insightface_model_path", default="./model_ckpts/insightface_models/",
                   help="inference.py's flag; when <path>/models/buffalo_l/det_10g.onnx exists it is copied "
                        "into the bundle as the optional face_detector")
    e.add_argument("--description", default=None)
    return p.parse_args(argv)


def resolve(path: Optional[str], vexpress_dir: str) -> Optional[str]:
    if path is None or os.path.isabs(path) or os.path.exists(path):
        return path
    return os.path.join(vexpress_dir, path)


@dataclass
class Component:
    """One ONNX file to write: the wrapper, its named inputs for tracing and for verification."""
    name: str
    module: torch.nn.Module
    input_names: List[str]
    output_names: List[str]
    dynamic_axes: Dict[str, Dict[int, str]]
    trace_inputs: Callable[[], List[torch.Tensor]]
    verify_cases: Callable[[], Dict[str, List[torch.Tensor]]] = field(default=lambda: {})


def _randn(g, *shape):
    return torch.randn(*shape, generator=g)


class Networks:
    """V-Express's networks, built and loaded as inference.py does (or tiny and random)."""

    def __init__(self, args, vx):
        from . import vexpress_loading as vl
        from . import tiny
        self.args = args
        self.vx = vx
        d = vx.directory
        inference_config = resolve(args.inference_config, d)
        unet_config = resolve(args.unet_config_path, d)
        kps_blocks = tuple(int(x) for x in args.v_kps_guider_block_out_channels.split(","))
        proj = {"depth": args.audio_projection_depth, "heads": args.audio_projection_heads,
                "dim_head": args.audio_projection_dim_head, "ff_mult": args.audio_projection_ff_mult,
                "input_dim": args.audio_projection_input_dim or 768}
        ckpt = dict.fromkeys(("ref", "unet", "mm", "kps", "proj"))  # None: random initialisation
        if args.tiny:
            torch.manual_seed(args.seed)
            unet_config = tiny.write_tiny_unet_config(os.path.join(args.output_dir, "tiny-config", "unet"))
            vae_kwargs = {"config": tiny.TINY_VAE_CONFIG}
            proj = dict(tiny.TINY_AUDIO_PROJECTION)
            if args.audio_projection_input_dim:
                proj["input_dim"] = args.audio_projection_input_dim
            audio_kwargs = {"config": tiny.wav2vec2_config(proj["input_dim"]), "audio_encoder_path": None}
            kps_blocks = tiny.TINY_KPS_GUIDER_BLOCKS
        elif args.random_init:
            torch.manual_seed(args.seed)
            with open(os.path.join(resolve(args.vae_path, d), "config.json")) as f:
                vae_kwargs = {"config": {k: v for k, v in json.load(f).items() if not k.startswith("_")}}
            with open(os.path.join(resolve(args.audio_encoder_path, d), "config.json")) as f:
                audio_kwargs = {"config": json.load(f), "audio_encoder_path": resolve(args.audio_encoder_path, d)}
        else:
            ckpt = {"ref": resolve(args.reference_net_path, d), "unet": resolve(args.denoising_unet_path, d),
                    "mm": resolve(args.motion_module_path, d), "kps": resolve(args.v_kps_guider_path, d),
                    "proj": resolve(args.audio_projection_path, d)}
            for path in ckpt.values():
                if not os.path.isfile(path):
                    raise SystemExit(f"checkpoint not found: {path} (see tools/export/README.md, section 1)")
            vae_kwargs = {"vae_path": resolve(args.vae_path, d)}
            audio_kwargs = {"audio_encoder_path": resolve(args.audio_encoder_path, d)}
        self.audio_encoder_path = audio_kwargs.get("audio_encoder_path")
        wanted = set(args.components.split(","))
        need_unets = bool(wanted & {"reference_net", "denoising_unet"})

        self.reference_net = vl.build_reference_net(vx, unet_config, ckpt["ref"]) if need_unets else None
        # the denoising UNet is also needed to check the reference features' pairing
        self.denoising_unet = (vl.build_denoising_unet(vx, inference_config, unet_config, ckpt["unet"], ckpt["mm"])
                               if "denoising_unet" in wanted or (need_unets and not args.skip_pairing_check)
                               else None)
        with open(unet_config) as f:
            cfg = json.load(f)
        self.cross_attention_dim = cfg["cross_attention_dim"]
        self.first_width = cfg["block_out_channels"][0]
        self.latent_channels = cfg.get("in_channels", 4)
        self.v_kps_guider = (vl.build_v_kps_guider(vx, args.v_kps_guider_out_channels or self.first_width,
                                                   kps_blocks, ckpt["kps"]) if "v_kps_guider" in wanted else None)
        shape = vl.AudioProjectionShape(
            depth=proj["depth"], dim_head=proj["dim_head"], heads=proj["heads"], ff_mult=proj["ff_mult"],
            input_dim=proj["input_dim"], dim=args.audio_projection_dim, output_dim=args.audio_projection_output_dim,
            input_seq_len=args.audio_projection_input_seq_len, output_seq_len=args.audio_projection_output_seq_len)
        self.audio_projection = (vl.build_audio_projection(vx, shape, self.cross_attention_dim,
                                                           args.num_pad_audio_frames, ckpt["proj"])
                                 if "audio_projection" in wanted else None)
        self.vae = vl.build_vae(**vae_kwargs) if wanted & {"vae_encoder", "vae_decoder"} else None
        self.audio_encoder = (vl.build_audio_encoder(backend=args.audio_encoder_backend, **audio_kwargs)
                              if "audio_encoder" in wanted else None)
        self.audio_preprocessing = vl.read_audio_preprocessing(self.audio_encoder_path)
        if args.tiny or args.random_init:
            g = torch.Generator().manual_seed(args.seed + 1)
            for net in (self.reference_net, self.denoising_unet, self.v_kps_guider, self.audio_projection):
                if net is not None:
                    wrappers.randomize_zero_parameters(net, g)
        use_exportable_attention([n for n in (self.reference_net, self.denoising_unet, self.vae) if n is not None])
        for net in self.all():
            net.to(args.device)

    def all(self):
        return [n for n in (self.reference_net, self.denoising_unet, self.v_kps_guider, self.audio_projection,
                            self.vae, self.audio_encoder) if n is not None]


def make_components(nets: Networks) -> Dict[str, Component]:
    args, vx, dev = nets.args, nets.vx, args_device(nets.args)
    g = torch.Generator().manual_seed(args.seed + 2)
    th, tw = args.trace_height, args.trace_width
    vh, vw = args.verify_height, args.verify_width
    cl = nets.latent_channels
    p = args.num_pad_audio_frames
    comps: Dict[str, Component] = {}

    def on(*ts):
        return [t.to(dev) for t in ts]

    if nets.vae is not None:
        comps["vae_encoder"] = Component(
            "vae_encoder", wrappers.VaeEncoderMean(nets.vae), ["image"], ["latent_mean"],
            {"image": {0: "batch", 2: "height", 3: "width"},
             "latent_mean": {0: "batch", 2: "latent_height", 3: "latent_width"}},
            lambda: on(_randn(g, 1, 3, th, tw).clamp(-1, 1)),
            lambda: {"vae_encoder": on(_randn(g, 1, 3, vh, vw).clamp(-1, 1))})
        comps["vae_decoder"] = Component(
            "vae_decoder", wrappers.VaeDecoder(nets.vae), ["latent"], ["image"],
            {"latent": {0: "frames", 2: "latent_height", 3: "latent_width"},
             "image": {0: "frames", 2: "height", 3: "width"}},
            lambda: on(_randn(g, 1, cl, th // 8, tw // 8)),
            lambda: {"vae_decoder": on(_randn(g, 2, cl, vh // 8, vw // 8) / SCALING_FACTOR * 0.2)})

    reference = None
    if nets.reference_net is not None:
        writer_control = vx.ReferenceAttentionControl(
            nets.reference_net, mode="write", do_classifier_free_guidance=True, batch_size=1, fusion_blocks="full")
        writer_blocks = wrappers.bank_order(nets.reference_net, (vx.BasicTransformerBlock,), vx.torch_dfs)
        if nets.denoising_unet is not None:
            reader_control = vx.ReferenceAttentionControl(
                nets.denoising_unet, mode="read", do_classifier_free_guidance=True, batch_size=1,
                fusion_blocks="full", reference_attention_weight=1.0, audio_attention_weight=1.0)
            reader_blocks = wrappers.bank_order(nets.denoising_unet, (vx.TemporalBasicTransformerBlock,),
                                                vx.torch_dfs)
            wrappers.check_pairing(writer_blocks, reader_blocks)
            nets.controls = (writer_control, reader_control)
        width = args.reference_text_state_width or nets.reference_net.config.cross_attention_dim
        reference = wrappers.ReferenceFeatures(nets.reference_net, writer_blocks, width)
        k = reference.num_features
        ref_names = [f"ref_{i}" for i in range(k)]
        comps["reference_net"] = Component(
            "reference_net", reference, ["latent"], ref_names,
            dict({"latent": {2: "latent_height", 3: "latent_width"}},
                 **{n: {1: f"tokens_{i}"} for i, n in enumerate(ref_names)}),
            lambda: on(_randn(g, 1, cl, th // 8, tw // 8)),
            lambda: {"reference_net": on(_randn(g, 1, cl, vh // 8, vw // 8))})

    if reference is not None and nets.denoising_unet is not None:
        unet = wrappers.DenoisingUNet(nets.denoising_unet, reader_blocks)
        ck = nets.first_width
        d = nets.cross_attention_dim
        tokens = args.audio_projection_output_seq_len or (2 * p + 1)

        def unet_inputs(batch, frames, h, w, cfg_zeros):
            latent = _randn(g, 1, cl, h, w).to(dev)
            with torch.no_grad():
                refs = [r.detach() for r in reference(latent)]
            sample = _randn(g, 1, cl, frames, h, w)
            audio = _randn(g, frames, tokens, d)
            kps = _randn(g, 1, ck, frames, h, w) * 0.1
            if batch == 2:
                sample = torch.cat([sample, sample])
                z = (lambda t: torch.zeros_like(t)) if cfg_zeros else (lambda t: t)
                audio = torch.cat([z(audio), audio])
                kps = torch.cat([z(kps), kps])
                refs = [torch.cat([z(r), r]) for r in refs]
            t = torch.tensor([int(torch.randint(0, 1000, (1,), generator=g))], dtype=torch.int64)
            weights = [torch.tensor([0.95]), torch.tensor([3.0])]
            return on(sample, t, audio, kps) + [r.to(dev) for r in refs] + on(*weights), latent

        nets.case_latents = {}

        def unet_case(name, batch, frames, h, w):
            inputs, latent = unet_inputs(batch, frames, h, w, True)
            nets.case_latents[name] = latent
            return inputs

        axes = {"sample": {0: "batch", 2: "frames", 3: "latent_height", 4: "latent_width"},
                "audio_tokens": {0: "batch_frames"},
                "kps_features": {0: "batch", 2: "frames", 3: "latent_height", 4: "latent_width"},
                "noise_pred": {0: "batch", 2: "frames", 3: "latent_height", 4: "latent_width"}}
        axes.update({n: {0: "batch", 1: f"tokens_{i}"} for i, n in enumerate(ref_names)})
        comps["denoising_unet"] = Component(
            "denoising_unet", unet, unet.input_names(), ["noise_pred"], axes,
            lambda: unet_inputs(2, 2, th // 8, tw // 8, False)[0],
            lambda: {"denoising_unet_cfg": unet_case("denoising_unet_cfg", 2, 3, vh // 8, vw // 8),
                     # a latent size that is not a multiple of 8 (image 80x112)
                 "denoising_unet_single": unet_case("denoising_unet_single", 1, 2, 10, 14)})

    if nets.v_kps_guider is not None:
        comps["v_kps_guider"] = Component(
            "v_kps_guider", nets.v_kps_guider, ["kps_images"], ["kps_features"],
            {"kps_images": {0: "batch", 2: "frames", 3: "height", 4: "width"},
             "kps_features": {0: "batch", 2: "frames", 3: "latent_height", 4: "latent_width"}},
            lambda: on(torch.rand(1, 3, 2, th, tw, generator=g)),
            lambda: {"v_kps_guider": on(torch.rand(1, 3, 3, vh, vw, generator=g))})
    if nets.audio_encoder is not None:
        comps["audio_encoder"] = Component(
            "audio_encoder", wrappers.AudioEncoderLastHiddenState(nets.audio_encoder), ["waveform"],
            ["last_hidden_state"], {"waveform": {0: "batch", 1: "samples"},
                                    "last_hidden_state": {0: "batch", 1: "audio_frames"}},
            lambda: on(_randn(g, 1, 16000)),
            lambda: {"audio_encoder": on(_randn(g, 1, 24123))})
    if nets.audio_projection is not None:
        n_in = args.audio_projection_input_seq_len or 2 * (2 * p + 1)
        d_in = nets.audio_projection.proj_in.in_features
        comps["audio_projection"] = Component(
            "audio_projection", nets.audio_projection, ["audio_windows"], ["audio_tokens"],
            {"audio_windows": {0: "frames"}, "audio_tokens": {0: "frames"}},
            lambda: on(_randn(g, 2, n_in, d_in)),
            lambda: {"audio_projection": on(_randn(g, 5, n_in, d_in))})
    return comps


def args_device(args):
    return torch.device(args.device)


def main(argv=None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    args = parse_args(argv)
    os.makedirs(args.output_dir, exist_ok=True)
    from .vexpress_loading import import_vexpress
    wanted = [c for c in args.components.split(",") if c]
    unknown = [c for c in wanted if c not in COMPONENTS]
    if unknown:
        raise SystemExit(f"unknown components {unknown}; choose from {COMPONENTS}")
    vx = import_vexpress(args.vexpress_dir)
    t0 = time.time()
    nets = Networks(args, vx)
    LOG.info("built networks in %.1f s", time.time() - t0)
    comps = make_components(nets)

    report = {"components": {}, "parity": {}, "verification": []}
    cases: List[VerificationCase] = []
    # Reference outputs from the float32 PyTorch modules, before any fp16 conversion.
    if args.verify == "yes":
        for name in wanted:
            for case_name, inputs in comps[name].verify_cases().items():
                with torch.no_grad():
                    out = comps[name].module(*inputs)
                outs = out if isinstance(out, tuple) else (out,)
                cases.append(VerificationCase(case_name, name, comps[name].input_names, inputs,
                                              comps[name].output_names, list(outs)))
        if "denoising_unet" in wanted:
            report["parity"] = parity_with_vexpress_hooks(nets, comps, cases)
    if args.parity_only:
        bad = {k: v for k, v in report["parity"].items() if not v <= 1e-4}
        LOG.info("parity: %s", report["parity"])
        return 1 if bad or not report["parity"] else 0

    # Trace inputs are made once, in float32, before any module is converted to fp16.
    trace_inputs = {name: comps[name].trace_inputs() for name in wanted}
    if "reference_net" not in wanted and "reference_net" in comps:
        # Only needed for the UNet's inputs and the parity check, both done: free its memory (3.4 GB
        # in fp32 for SD-1.5) before the largest export.
        del comps["reference_net"]
        nets.reference_net = None
        nets.controls = None
        gc.collect()
    models, models_fp16 = {}, {}
    precisions = {"fp32": ["fp32"], "fp16": ["fp16"], "both": ["fp32", "fp16"]}[args.dtype]
    fp16_set = set(args.fp16_components.split(","))
    threshold = int(args.external_data_threshold_mb * 1024 ** 2)
    vdir = os.path.join(args.output_dir, "verification")
    report_path = os.path.join(args.output_dir, "export-report.json")
    for precision_pass in precisions:
        for name in wanted:
            precision = precision_pass
            if precision == "fp16" and name not in fp16_set:
                if args.dtype == "both":
                    continue  # its float32 file serves both precisions
                precision = "fp32"  # --dtype fp16: components kept in float32 are still written, as the primary file
            comp = comps[name]
            module = comp.module
            if precision == "fp16":
                module = wrappers.Float32Boundary(comp.module.half(), torch.float16)
            primary = precision == "fp32" or args.dtype == "fp16"
            file_name = f"{name}.onnx" if primary else f"{name}.fp16.onnx"
            path = os.path.join(args.output_dir, file_name)
            t = time.time()
            info = export_onnx(module.eval(), trace_inputs[name], path, comp.input_names, comp.output_names,
                               comp.dynamic_axes, opset=args.opset, external_data_threshold_bytes=threshold)
            info["seconds"] = round(time.time() - t, 1)
            info["precision"] = precision
            info["io"] = declared_io(path)
            report["components"][file_name] = info
            (models if primary else models_fp16)[name] = file_name
            tol = 1e-3 if precision == "fp32" else 5e-2
            for case in (c for c in cases if c.component == name):
                case.write(vdir, f"{case.name}.{precision}", file_name, tol)
                err = run_with_onnxruntime(path, case)
                if err is not None:
                    LOG.info("%s (%s): onnxruntime vs torch max relative error %.3g (tolerance %g)",
                             case.name, precision, err, tol)
                    report["verification"].append({"case": case.name, "precision": precision,
                                                   "max_relative_error": err, "tolerance": tol})
            with open(report_path, "w") as f:
                json.dump(report, f, indent=2, default=str)

    for files in (models, models_fp16):
        if files:
            io = {comp: report["components"][f]["io"] for comp, f in files.items()}
            problems = check_bundle(io, args.num_pad_audio_frames)
            report.setdefault("contract_problems", []).extend(problems)
            for problem in problems:
                LOG.error("contract (docs/model-bundle.md): %s", problem)
            if not problems:
                LOG.info("contract check passed for %s", sorted(files.values()))

    detector = os.path.join(resolve(args.insightface_model_path, nets.vx.directory) or "", "models",
                            "buffalo_l", "det_10g.onnx")
    if not (args.tiny or args.random_init) and os.path.isfile(detector):
        shutil.copyfile(detector, os.path.join(args.output_dir, "face_detector.onnx"))
        models["face_detector"] = "face_detector.onnx"
        LOG.info("copied %s as the optional face_detector", detector)

    manifest = {
        "format": "vexpress-model-bundle",
        "format_version": 1,
        "models": models,
        "scaling_factor": SCALING_FACTOR,
        "num_pad_audio_frames": args.num_pad_audio_frames,
        "audio_sample_rate": nets.audio_preprocessing["audio_sample_rate"],
        "audio_normalize": nets.audio_preprocessing["audio_normalize"],
        "kps_guider_batch_frames": 16,
        "description": args.description or (
            "tiny random V-Express networks (tools/export --tiny)" if args.tiny else
            "random V-Express networks at the configured sizes (tools/export --random_init)" if args.random_init
            else "V-Express (tencent-ailab/V-Express) exported by tools/export"),
    }
    if models_fp16:
        manifest["models_fp16"] = models_fp16
    with open(os.path.join(args.output_dir, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
    if cases and not report["verification"]:
        repo = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
        LOG.info("onnxruntime for Python is not installed: verify the ONNX files with the Java SDK:\n"
                 "  cd %s && mvn -B -ntp -pl vexpress-core -am test -Dtest=ExportedBundleVerificationTest "
                 "-Dsurefire.failIfNoSpecifiedTests=false -Dvexpress.export.verification=%s",
                 repo, os.path.abspath(vdir))
    with open(os.path.join(args.output_dir, "export-report.json"), "w") as f:
        json.dump(report, f, indent=2, default=str)
    # "not <=" so that NaN counts as a failure
    failed = [v for v in report["verification"] if not v["max_relative_error"] <= v["tolerance"]]
    bad_parity = [k for k, v in report["parity"].items() if not v <= 1e-4]
    if failed or bad_parity or report.get("contract_problems"):
        LOG.error("verification failed: %s %s %s", failed, bad_parity, report.get("contract_problems"))
        return 1
    LOG.info("bundle written to %s", os.path.abspath(args.output_dir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
