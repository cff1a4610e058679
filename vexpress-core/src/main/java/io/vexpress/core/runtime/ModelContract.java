package io.vexpress.core.runtime;

import ai.onnxruntime.OnnxJavaType;
import io.vexpress.ModelBundleException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The model-bundle contract of docs/model-bundle.md as code: checks every required model's declared inputs
 * and outputs (names, element types, ranks, fixed sizes) and that the sizes models share agree, and reads
 * those sizes into {@link BundleDimensions}. The first violation throws a {@link ModelBundleException} naming
 * the file, the input or output, and the expected versus found shape or type.
 */
public final class ModelContract {
    private static final Pattern REF = Pattern.compile("ref_(\\d+)");
    /**
     * Sizes shared between models; any other letter is a free (dynamic) axis. {@code C:<name>} is the channel
     * width of reference feature {@code <name>}.
     */
    private static final Map<String, String> SHARED = Map.of(
            "Cl", "latent channels",
            "Ck", "keypoint-feature channels",
            "Da", "audio feature width: the audio encoder's output, the audio projection's input",
            "Dt", "audio token width: the audio projection's output, the denoising UNet's audio tokens",
            "TOK", "audio tokens per frame, 2P+1",
            "WIN", "audio rows per frame window, 2*(2P+1)");

    private final Map<String, Integer> bound = new HashMap<>();
    private final Map<String, String> boundBy = new HashMap<>();
    private final Map<String, List<Axis>> axes = new LinkedHashMap<>();

    /** One axis of a model's input or output that carries a shared size. */
    record Axis(ModelComponent component, String fileName, boolean input, String port, int axis) {
        @Override
        public String toString() {
            return fileName + " " + (input ? "input" : "output") + " '" + port + "' dimension " + axis;
        }
    }

    private ModelContract() {
    }

    /**
     * Validates the signatures of all required components.
     *
     * @param signatures every required component's signature
     * @param numPadAudioFrames the manifest's {@code num_pad_audio_frames}
     * @throws ModelBundleException on the first violation
     */
    public static BundleDimensions validate(Map<ModelComponent, ModelSignature> signatures, int numPadAudioFrames) {
        return new ModelContract().run(signatures, numPadAudioFrames);
    }

    private BundleDimensions run(Map<ModelComponent, ModelSignature> sigs, int pad) {
        bound.put("TOK", 2 * pad + 1);
        boundBy.put("TOK", "manifest.json num_pad_audio_frames = " + pad);
        bound.put("WIN", 2 * (2 * pad + 1));
        boundBy.put("WIN", "manifest.json num_pad_audio_frames = " + pad);

        ModelSignature enc = require(sigs, ModelComponent.VAE_ENCODER);
        ports(enc, true, List.of(port("image", "1", "3", "H", "W")));
        ports(enc, false, List.of(port("latent_mean", "1", "Cl", "h", "w")));

        ModelSignature dec = require(sigs, ModelComponent.VAE_DECODER);
        ports(dec, true, List.of(port("latent", "N", "Cl", "h", "w")));
        ports(dec, false, List.of(port("image", "N", "3", "H", "W")));

        ModelSignature ref = require(sigs, ModelComponent.REFERENCE_NET);
        ports(ref, true, List.of(port("latent", "1", "Cl", "h", "w")));
        List<String> refNames = referenceOutputs(ref);
        List<Port> refOuts = new ArrayList<>();
        for (String name : refNames) {
            refOuts.add(port(name, "1", "L", "C:" + name));
        }
        ports(ref, false, refOuts);

        ModelSignature guider = require(sigs, ModelComponent.V_KPS_GUIDER);
        ports(guider, true, List.of(port("kps_images", "1", "3", "T", "H", "W")));
        ports(guider, false, List.of(port("kps_features", "1", "Ck", "T", "h", "w")));

        ModelSignature audio = require(sigs, ModelComponent.AUDIO_ENCODER);
        ports(audio, true, List.of(port("waveform", "1", "S")));
        ports(audio, false, List.of(port("last_hidden_state", "1", "N", "Da")));

        ModelSignature projection = require(sigs, ModelComponent.AUDIO_PROJECTION);
        ports(projection, true, List.of(port("audio_windows", "T", "WIN", "Da")));
        ports(projection, false, List.of(port("audio_tokens", "T", "TOK", "Dt")));

        ModelSignature unet = require(sigs, ModelComponent.DENOISING_UNET);
        int timestepRank = timestepRank(unet);
        List<Port> unetIn = new ArrayList<>(List.of(
                port("sample", "B", "Cl", "T", "h", "w"),
                port("audio_tokens", "BT", "TOK", "Dt"),
                port("kps_features", "B", "Ck", "T", "h", "w"),
                port("reference_attention_weight", "1"),
                port("audio_attention_weight", "1")));
        for (String name : refNames) {
            unetIn.add(port(name, "B", "L", "C:" + name));
        }
        Set<String> expectedNames = new TreeSet<>();
        unetIn.forEach(p -> expectedNames.add(p.name));
        expectedNames.add("timestep");
        for (String name : unet.inputs().keySet()) {
            if (!expectedNames.contains(name)) {
                throw violation(unet, "has an unexpected input '" + name + "'. The contract's inputs are " + expectedNames
                        + (REF.matcher(name).matches() ? "; reference features must match reference_net's outputs " + refNames : "") + ".");
            }
        }
        ports(unet, true, unetIn);
        ports(unet, false, List.of(port("noise_pred", "B", "Cl", "T", "h", "w")));

        List<BundleDimensions.ReferenceFeature> features = new ArrayList<>();
        for (String name : refNames) {
            features.add(new BundleDimensions.ReferenceFeature(name, size("C:" + name)));
        }
        return new BundleDimensions(size("Cl"), size("Ck"), size("Da"), size("Dt"), bound.get("TOK"), features,
                timestepRank);
    }

    /**
     * Every axis that carries a shared size in {@code signatures} (which must satisfy the contract), by symbol,
     * in the order the contract checks them. For tests that break each shared size in turn.
     */
    static Map<String, List<Axis>> sharedAxes(Map<ModelComponent, ModelSignature> signatures, int numPadAudioFrames) {
        ModelContract contract = new ModelContract();
        contract.run(signatures, numPadAudioFrames);
        return contract.axes;
    }

    /** What a shared size is, in words, for messages. */
    static String meaning(String symbol) {
        String m = SHARED.get(symbol);
        if (m != null) {
            return m;
        }
        return symbol.startsWith("C:") ? "channels of reference feature " + symbol.substring(2) : symbol;
    }

    private int size(String symbol) {
        Integer v = bound.get(symbol);
        if (v == null) {
            throw new ModelBundleException("The bundle's models declare the " + meaning(symbol) + " (" + display(symbol)
                    + ") as dynamic everywhere: " + axes.getOrDefault(symbol, List.of()) + ". Export at least one of them"
                    + " with a fixed size (docs/model-bundle.md).");
        }
        return v;
    }

    private static ModelSignature require(Map<ModelComponent, ModelSignature> sigs, ModelComponent c) {
        ModelSignature s = sigs.get(c);
        if (s == null) {
            throw new ModelBundleException("The model bundle has no " + c.manifestName() + " model.");
        }
        return s;
    }

    private static List<String> referenceOutputs(ModelSignature ref) {
        Map<Integer, String> byIndex = new HashMap<>();
        for (String name : ref.outputs().keySet()) {
            Matcher m = REF.matcher(name);
            if (m.matches()) {
                byIndex.put(Integer.parseInt(m.group(1)), name);
            }
        }
        if (byIndex.isEmpty()) {
            throw violation(ref, "declares no reference-feature outputs; expected ref_0 ... ref_{K-1} (16 for SD-1.5), found outputs "
                    + ref.outputs().keySet() + ".");
        }
        List<String> names = new ArrayList<>();
        for (int k = 0; k < byIndex.size(); k++) {
            String name = byIndex.get(k);
            if (name == null || !name.equals("ref_" + k)) {
                throw violation(ref, "reference-feature outputs must be numbered ref_0 ... ref_" + (byIndex.size() - 1)
                        + " without gaps; found " + new TreeSet<>(byIndex.values()) + ".");
            }
            names.add(name);
        }
        return names;
    }

    private int timestepRank(ModelSignature unet) {
        PortInfo t = unet.inputs().get("timestep");
        if (t == null) {
            throw violation(unet, "has no input 'timestep' (int64, shape [] or [1]).");
        }
        if (t.type() != OnnxJavaType.INT64) {
            throw violation(unet, "input 'timestep' has element type " + t.type() + ", expected INT64 (int64).");
        }
        long[] s = t.shape();
        if (s.length == 0) {
            return 0;
        }
        if (s.length == 1 && (s[0] == 1 || s[0] == -1)) {
            return 1;
        }
        throw violation(unet, "input 'timestep' has shape " + t.shapeText() + ", expected [] (scalar) or [1].");
    }

    private void ports(ModelSignature sig, boolean inputs, List<Port> expected) {
        Map<String, PortInfo> found = inputs ? sig.inputs() : sig.outputs();
        String kind = inputs ? "input" : "output";
        Set<String> names = new LinkedHashSet<>();
        expected.forEach(p -> names.add(p.name));
        for (Port p : expected) {
            PortInfo f = found.get(p.name);
            if (f == null) {
                throw violation(sig, "has no " + kind + " '" + p.name + "' (expected " + p.describe() + "); its "
                        + kind + "s are " + found.keySet() + ".");
            }
            if (f.type() != OnnxJavaType.FLOAT) {
                throw violation(sig, kind + " '" + p.name + "' has element type " + f.type() + ", expected FLOAT (float32).");
            }
            long[] shape = f.shape();
            if (shape.length != p.dims.length) {
                throw violation(sig, kind + " '" + p.name + "' has shape " + f.shapeText() + " (rank " + shape.length
                        + "), expected " + p.describe() + " (rank " + p.dims.length + ").");
            }
            for (int i = 0; i < shape.length; i++) {
                checkDim(sig, kind, p, f, i);
            }
        }
    }

    private void checkDim(ModelSignature sig, String kind, Port p, PortInfo f, int axis) {
        String sym = p.dims[axis];
        long got = f.shape()[axis];
        boolean shared = SHARED.containsKey(sym) || sym.startsWith("C:");
        if (shared) {
            axes.computeIfAbsent(sym, k -> new ArrayList<>()).add(new Axis(sig.component(), sig.fileName(),
                    kind.equals("input"), p.name, axis));
        }
        if (got < 0) {
            return;
        }
        if (Character.isDigit(sym.charAt(0))) {
            long want = Long.parseLong(sym);
            if (got != want) {
                throw violation(sig, kind + " '" + p.name + "' has shape " + f.shapeText() + ", expected " + p.describe()
                        + ": dimension " + axis + " must be " + want + ", found " + got + ".");
            }
            return;
        }
        if (!shared) {
            return;
        }
        Integer have = bound.get(sym);
        String where = sig.fileName() + " " + kind + " '" + p.name + "'";
        if (have == null) {
            bound.put(sym, (int) got);
            boundBy.put(sym, where);
        } else if (have != got) {
            throw violation(sig, kind + " '" + p.name + "' has shape " + f.shapeText() + ", expected " + p.describe()
                    + " with " + display(sym) + " (" + meaning(sym) + ") = " + have + " as declared by " + boundBy.get(sym)
                    + "; found " + got + " in dimension " + axis + ".");
        }
    }

    private static String display(String sym) {
        return sym.startsWith("C:") ? "C_" + sym.substring(6) : sym;
    }

    private static ModelBundleException violation(ModelSignature sig, String what) {
        return new ModelBundleException("Model " + sig.fileName() + " (" + sig.component().manifestName()
                + ") breaks the model contract: " + what + " See docs/model-bundle.md.");
    }

    private static Port port(String name, String... dims) {
        return new Port(name, dims);
    }

    private record Port(String name, String[] dims) {
        String describe() {
            List<String> d = new ArrayList<>();
            for (String s : dims) {
                d.add(display(s));
            }
            return d.toString();
        }
    }
}
