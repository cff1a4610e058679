package io.vexpress;

/**
 * Base of every exception vexpress-java throws on purpose. It is unchecked: the subtypes say what
 * went wrong and their messages say what to do about it.
 *
 * <ul>
 *   <li>{@link InvalidInputException}: a request or configuration value, or an input file, is not usable.
 *   <li>{@link ModelBundleException}: the model bundle is missing, incomplete or breaks the model contract.
 *   <li>{@link MediaException}: an image, audio, keypoint or video file could not be decoded or encoded.
 *   <li>{@link InsufficientMemoryException}: the generation needs more memory than the process may use (found
 *       before heavy work by an estimate, or when an allocation failed).
 *   <li>{@link GenerationCancelledException}: the caller cancelled the generation.
 *   <li>{@link EngineNotFoundException}: no generation engine is on the class path.
 * </ul>
 */
public class VExpressException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public VExpressException(String message) {
        super(message);
    }

    public VExpressException(String message, Throwable cause) {
        super(message, cause);
    }
}
