package io.vexpress.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vexpress.examples.cli.VExpressCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's Quick start runs as printed: its Java block, saved as {@code QuickStart.java}, is started with Java's
 * source launcher in a folder where {@code vexpress demo --work_dir quickstart} left the demo's inputs (here with a
 * short clip and one step, to keep the test quick; the program itself is unchanged).
 */
class ReadmeQuickStartTest {
    @TempDir
    Path dir;

    static String quickStartProgram() throws IOException {
        String readme = Files.readString(Path.of(System.getProperty("basedir", ".")).resolve("../README.md").normalize());
        String section = readme.substring(readme.indexOf("## Quick start"), readme.indexOf("\n## ", readme.indexOf("## Quick start") + 3));
        Matcher java = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(section);
        assertTrue(java.find(), "README's Quick start has a java block");
        return java.group(1);
    }

    @Test
    void runsAsPrintedOnTheDemosInputs() throws Exception {
        String program = quickStartProgram();
        assertTrue(program.contains("public class QuickStart"), program);
        Files.writeString(dir.resolve("QuickStart.java"), program);
        int demo = VExpressCommand.run(new String[] {"demo", "-q", "--work_dir", dir.resolve("quickstart").toString(),
                "--seconds", "0.1", "--num_inference_steps", "1", "-o", dir.resolve("demo.mp4").toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        assertEquals(0, demo);

        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "QuickStart.java")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(300, TimeUnit.SECONDS), out);
        assertEquals(0, child.exitValue(), out);
        assertTrue(out.contains("3 frames at 30.000 fps"), out);
        assertTrue(out.contains("warning: The audio lasts 0.10 s"), "warnings are in the result: " + out);
        assertTrue(Files.size(dir.resolve("out.mp4")) > 1000);
        assertTrue(Files.isRegularFile(dir.resolve("models/tiny/manifest.json")));
    }
}
