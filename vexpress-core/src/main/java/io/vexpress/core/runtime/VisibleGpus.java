package io.vexpress.core.runtime;

import io.vexpress.Device;
import io.vexpress.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The CUDA devices this process can use, for V-Express's {@code --do_multi_devices_inference} ("every visible
 * GPU"): as CUDA numbers them, {@code cuda:0 .. cuda:n-1}, where n is the number of entries of
 * {@code CUDA_VISIBLE_DEVICES} when it is set, else the number of GPUs the NVIDIA driver lists in
 * {@code /proc/driver/nvidia/gpus} (Linux).
 */
public final class VisibleGpus {
    static final Path DRIVER_GPUS = Path.of("/proc/driver/nvidia/gpus");

    private VisibleGpus() {
    }

    /**
     * Every visible GPU, {@code cuda:0} first.
     *
     * @throws InvalidInputException when none is visible
     */
    public static List<Device> all() {
        return all(System.getenv(), DRIVER_GPUS);
    }

    static List<Device> all(Map<String, String> env, Path driverGpus) {
        int n = count(env, driverGpus);
        if (n == 0) {
            throw new InvalidInputException("No GPU is visible to this process (CUDA_VISIBLE_DEVICES is "
                    + (env.containsKey("CUDA_VISIBLE_DEVICES") ? "'" + env.get("CUDA_VISIBLE_DEVICES") + "'" : "unset")
                    + " and the NVIDIA driver lists no GPU in " + driverGpus + "). Name the devices instead (cpu, cuda:0...).");
        }
        return IntStream.range(0, n).mapToObj(Device::cuda).toList();
    }

    private static int count(Map<String, String> env, Path driverGpus) {
        String visible = env.get("CUDA_VISIBLE_DEVICES");
        if (visible != null) {
            List<String> ids = new ArrayList<>();
            for (String id : visible.split(",")) {
                // CUDA stops at the first invalid entry, such as -1
                if (id.isBlank() || id.trim().startsWith("-")) {
                    break;
                }
                ids.add(id.trim());
            }
            return ids.size();
        }
        if (!Files.isDirectory(driverGpus)) {
            return 0;
        }
        try (Stream<Path> gpus = Files.list(driverGpus)) {
            return (int) gpus.count();
        } catch (IOException e) {
            return 0;
        }
    }
}
