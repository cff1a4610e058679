package io.vexpress.core.pipeline;

import io.vexpress.GeneratorConfig;
import io.vexpress.TalkingHeadGenerator;
import io.vexpress.spi.GenerationEngineProvider;

/** The ONNX Runtime engine, found by {@link TalkingHeadGenerator#builder()} through {@link java.util.ServiceLoader}. */
public final class VExpressEngineProvider implements GenerationEngineProvider {

    @Override
    public TalkingHeadGenerator create(GeneratorConfig config) {
        return new VExpressGenerator(config);
    }
}
