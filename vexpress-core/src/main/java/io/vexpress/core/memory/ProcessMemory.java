package io.vexpress.core.memory;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What this process uses and may still use, read from the JVM and (on Linux) from {@code /proc} and the
 * cgroup: resident memory, the memory the kernel can still hand out, the heap and direct-buffer limits.
 *
 * @param residentBytes this process's resident set (VmRSS), -1 when unknown
 * @param systemAvailableBytes memory the process can still get without swapping: the smaller of the kernel's
 *     {@code MemAvailable} and what the cgroup's limit leaves, -1 when unknown
 * @param maxHeapBytes {@code -Xmx}
 * @param usedHeapBytes heap in use now (including garbage not yet collected)
 * @param maxDirectBytes the direct-buffer limit ({@code -XX:MaxDirectMemorySize}, default {@code -Xmx})
 * @param usedDirectBytes direct buffers allocated now (including unreachable ones not yet freed)
 */
public record ProcessMemory(long residentBytes, long systemAvailableBytes, long maxHeapBytes, long usedHeapBytes,
                            long maxDirectBytes, long usedDirectBytes) {

    /** The values now. */
    public static ProcessMemory now() {
        Runtime rt = Runtime.getRuntime();
        return new ProcessMemory(currentResidentBytes(), currentSystemAvailableBytes(), rt.maxMemory(),
                rt.totalMemory() - rt.freeMemory(), directLimitBytes(), currentDirectBytes());
    }

    /** VmRSS of this process, or -1 where {@code /proc/self/status} is not readable. */
    public static long currentResidentBytes() {
        return statusBytes(Path.of("/proc/self/status"), "VmRSS:");
    }

    /** The largest resident set of this process so far (VmHWM), or -1. */
    public static long peakResidentBytes() {
        return statusBytes(Path.of("/proc/self/status"), "VmHWM:");
    }

    /**
     * Memory available to this process: {@code MemAvailable} of {@code /proc/meminfo}, lowered to what the cgroup
     * (v2 {@code memory.max}, v1 {@code memory.limit_in_bytes}) leaves; elsewhere the JVM's free physical memory.
     */
    public static long currentSystemAvailableBytes() {
        long available = statusBytes(Path.of("/proc/meminfo"), "MemAvailable:");
        if (available < 0) {
            java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
            if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
                available = sun.getFreeMemorySize();
            }
        }
        long cgroupLeft = cgroupLeft(Path.of("/sys/fs/cgroup/memory.max"), Path.of("/sys/fs/cgroup/memory.current"));
        if (cgroupLeft < 0) {
            cgroupLeft = cgroupLeft(Path.of("/sys/fs/cgroup/memory/memory.limit_in_bytes"),
                    Path.of("/sys/fs/cgroup/memory/memory.usage_in_bytes"));
        }
        if (cgroupLeft >= 0 && (available < 0 || cgroupLeft < available)) {
            return cgroupLeft;
        }
        return available;
    }

    /** {@code -XX:MaxDirectMemorySize}, or {@code -Xmx} when it is not set (the JDK's default). */
    public static long directLimitBytes() {
        try {
            com.sun.management.HotSpotDiagnosticMXBean hotspot =
                    ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            long value = Long.parseLong(hotspot.getVMOption("MaxDirectMemorySize").getValue());
            if (value > 0) {
                return value;
            }
        } catch (RuntimeException e) {
            // not HotSpot: fall back to the default rule
        }
        return Runtime.getRuntime().maxMemory();
    }

    /** Bytes in the JDK's "direct" buffer pool now. */
    public static long currentDirectBytes() {
        List<BufferPoolMXBean> pools = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class);
        for (BufferPoolMXBean p : pools) {
            if (p.getName().equals("direct")) {
                return p.getMemoryUsed();
            }
        }
        return 0;
    }

    private static long cgroupLeft(Path limitFile, Path usageFile) {
        try {
            String limit = Files.readString(limitFile).trim();
            if (limit.equals("max")) {
                return -1;
            }
            long max = Long.parseLong(limit);
            if (max >= Long.MAX_VALUE / 2) {
                return -1; // v1 reports "no limit" as a huge number
            }
            long used = Long.parseLong(Files.readString(usageFile).trim());
            return Math.max(0, max - used);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** A "key: N kB" line of a /proc file in bytes, or -1. */
    private static long statusBytes(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).replace("kB", "").trim()) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
