package io.vexpress.core.runtime;

import java.util.Optional;

/** The networks of a model bundle, by their manifest names (docs/model-bundle.md). */
public enum ModelComponent {
    VAE_ENCODER("vae_encoder", true),
    VAE_DECODER("vae_decoder", true),
    REFERENCE_NET("reference_net", true),
    DENOISING_UNET("denoising_unet", true),
    AUDIO_ENCODER("audio_encoder", true),
    AUDIO_PROJECTION("audio_projection", true),
    FACE_DETECTOR("face_detector", false);

    private final String manifestName;
    private final boolean required;

    ModelComponent(String manifestName, boolean required) {
        this.manifestName = manifestName;
        this.required = required;
    }

    /** The key in the manifest's {@code models} object. */
    public String manifestName() {
        return manifestName;
    }

    /** Whether a bundle without it is incomplete. */
    public boolean required() {
        return required;
    }

    /** The component with this manifest name. */
    public static Optional<ModelComponent> byManifestName(String name) {
        for (ModelComponent c : values()) {
            if (c.manifestName.equals(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
