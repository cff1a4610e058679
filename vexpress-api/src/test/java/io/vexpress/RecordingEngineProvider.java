package io.vexpress;

import io.vexpress.progress.ProgressListener;
import io.vexpress.spi.GenerationEngineProvider;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A test engine registered in this module's test resources, to prove the builder finds engines. */
public class RecordingEngineProvider implements GenerationEngineProvider {
    static volatile GeneratorConfig lastConfig;

    @Override
    public TalkingHeadGenerator create(GeneratorConfig config) {
        lastConfig = config;
        return new TalkingHeadGenerator() {
            @Override
            public GeneratorConfig config() {
                return config;
            }

            @Override
            public GenerationResult generate(GenerationRequest request, ProgressListener listener, CancellationToken cancellation) {
                cancellation.throwIfCancelled();
                return new GenerationResult(Optional.empty(), 0, request.fps(), 0, Map.of(), List.of());
            }

            @Override
            public void close() {
            }
        };
    }
}
