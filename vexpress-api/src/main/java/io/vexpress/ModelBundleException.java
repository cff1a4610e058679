package io.vexpress;

/** The model bundle is missing, incomplete, or a model does not match the contract in docs/model-bundle.md; the message names the file, the input or output, and the expected versus found shape or type. */
public class ModelBundleException extends VExpressException {
    private static final long serialVersionUID = 1L;

    public ModelBundleException(String message) {
        super(message);
    }

    public ModelBundleException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * An exception about {@code setting}; {@code template} writes each setting it mentions as {@link Setting#placeholder()}
     * (see {@link VExpressException}).
     */
    public ModelBundleException(Setting setting, String template) {
        super(setting, template, null);
    }

    /** As {@link #ModelBundleException(Setting, String)}, with a cause. */
    public ModelBundleException(Setting setting, String template, Throwable cause) {
        super(setting, template, cause);
    }
}
