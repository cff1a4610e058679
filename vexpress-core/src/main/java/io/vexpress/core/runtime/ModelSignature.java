package io.vexpress.core.runtime;

import java.util.Map;

/**
 * What one model file declares: its inputs and outputs.
 *
 * @param component the bundle component
 * @param fileName the model file's name, for messages
 * @param inputs declared inputs by name
 * @param outputs declared outputs by name
 */
public record ModelSignature(ModelComponent component, String fileName, Map<String, PortInfo> inputs,
                             Map<String, PortInfo> outputs) {

    /** Copies the maps. */
    public ModelSignature {
        inputs = Map.copyOf(inputs);
        outputs = Map.copyOf(outputs);
    }
}
