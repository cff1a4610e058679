package io.vexpress.core.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the export tool's Python unit tests ({@code tools/export/tests}: the wrappers' logic on
 * stand-in modules, ONNX export with dynamic axes and external data) where {@code /usr/bin/python3}
 * has torch and onnx; skipped elsewhere, since the SDK itself never needs Python.
 */
class ExportToolPythonTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @Test
    void exportWrappersPassTheirPythonTests() throws Exception {
        Path tool = repositoryRoot().resolve("tools/export");
        assumeTrue(Files.isDirectory(tool.resolve("tests")), "tools/export/tests not found");
        assumeTrue(Files.isExecutable(PYTHON), "no /usr/bin/python3");
        assumeTrue(run(List.of(PYTHON.toString(), "-c", "import torch, onnx"), tool).exitCode == 0,
                "/usr/bin/python3 lacks torch or onnx (Debian: apt-get install python3-torch python3-onnx)");

        Result result = run(List.of(PYTHON.toString(), "-m", "unittest", "discover", "-s", "tests", "-t", "."), tool);
        assertEquals(0, result.exitCode, () -> "python unittest failed:\n" + result.output);
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("tools"))) {
            dir = dir.getParent();
        }
        assumeTrue(dir != null, "repository root (with tools/) not found above the working directory");
        return dir;
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command, Path directory) throws IOException, InterruptedException {
        Path log = Files.createTempFile("export-tool-test", ".log");
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return new Result(-1, "timed out after 5 minutes");
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
