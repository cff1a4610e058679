package io.vexpress.spi;

import io.vexpress.GeneratorConfig;
import io.vexpress.TalkingHeadGenerator;

/**
 * The engine behind {@link TalkingHeadGenerator#builder()}. vexpress-core registers one in
 * {@code META-INF/services/io.vexpress.spi.GenerationEngineProvider}.
 */
public interface GenerationEngineProvider extends ServicePriority {

    /**
     * Creates a generator for a validated configuration.
     *
     * @throws io.vexpress.ModelBundleException when the bundle breaks the model contract
     */
    TalkingHeadGenerator create(GeneratorConfig config);
}
