package io.vexpress;

/**
 * {@link TalkingHeadGenerator.Builder#build()} found no {@link io.vexpress.spi.GenerationEngineProvider}
 * on the class path. Add the {@code io.vexpress:vexpress-core} artifact (and {@code vexpress-media}
 * for file input and MP4 output).
 */
public class EngineNotFoundException extends VExpressException {
    private static final long serialVersionUID = 1L;

    public EngineNotFoundException(String message) {
        super(message);
    }
}
