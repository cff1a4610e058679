package io.vexpress.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.vexpress.examples.batch.OutputSidecar;
import io.vexpress.examples.demo.DemoAssets;
import io.vexpress.examples.demo.ShortDemo;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vexpress batch} on the tiny bundle: bad rows fail alone, a rerun skips what is done, a killed batch resumes. */
class BatchCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static DemoAssets demo;

    @BeforeAll
    static void inputs() throws IOException {
        demo = ShortDemo.create(dir.resolve("inputs"), 0.2);
        Files.write(dir.resolve("inputs/broken.mp3"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
    }

    /** Flags for every job: the tiny bundle, one step at 64x64. */
    private static List<String> batch(Path jobs, String... more) {
        List<String> args = new ArrayList<>(List.of("batch", "--jobs", jobs.toString(), "--models", demo.bundle().toString(),
                "--num_inference_steps", "1", "--width", "64", "--height", "64", "--retarget_strategy", "no_retarget"));
        args.addAll(List.of(more));
        return args;
    }

    private static List<Map<String, String>> csv(Path file) throws IOException {
        try (MappingIterator<Map<String, String>> it = new CsvMapper().readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(file.toFile())) {
            return it.readAll();
        }
    }

    private static Map<String, Map<String, String>> byJob(List<Map<String, String>> rows) {
        Map<String, Map<String, String>> m = new LinkedHashMap<>();
        rows.forEach(r -> m.put(r.get("job_id"), r));
        return m;
    }

    @Test
    void badRowsFailAloneTheOthersRunAndARerunSkipsWhatIsDone() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("csv-batch"));
        // relative paths resolve against the jobs file's folder
        String in = "../inputs/";
        Path jobs = Files.writeString(folder.resolve("jobs.csv"), String.join("\n",
                "job_id,reference_image_path,audio_path,kps_path,output_path,seed,fps",
                "good," + in + "portrait.png," + in + "speech.wav," + in + "kps.pth,out/good.mp4,1,",
                "missing," + in + "portrait.png," + in + "nothing.wav," + in + "kps.pth,out/missing.mp4,2,",
                "undecodable," + in + "portrait.png," + in + "broken.mp3," + in + "kps.pth,out/undecodable.mp4,3,",
                "bad-option," + in + "portrait.png," + in + "speech.wav," + in + "kps.pth,out/bad.mp4,four,",
                "\"quoted, id\"," + in + "portrait.png," + in + "speech.wav," + in + "kps.pth,\"out/with, comma.mp4\",5,25",
                "dup," + in + "portrait.png," + in + "speech.wav," + in + "kps.pth,out/good.mp4,6,") + "\n");
        CliHarness first = CliHarness.run(batch(jobs).toArray(String[]::new));
        assertEquals(ExitCodes.BATCH_JOBS_FAILED, first.exitCode, first::toString);

        Map<String, Map<String, String>> results = byJob(csv(folder.resolve("jobs.results.csv")));
        assertEquals(List.of("good", "missing", "undecodable", "bad-option", "quoted, id", "dup"), List.copyOf(results.keySet()),
                "one result per row, in the jobs file's order");
        assertEquals("ok", results.get("good").get("status"));
        assertEquals("6", results.get("good").get("frames"), "0.2 s at 30 fps");
        assertEquals("ok", results.get("quoted, id").get("status"));
        assertEquals("5", results.get("quoted, id").get("frames"), "its own fps column: 0.2 s at 25 fps");
        assertTrue(results.get("missing").get("error").contains("nothing.wav does not exist"), results.toString());
        assertTrue(results.get("undecodable").get("error").contains("broken.mp3"), results.toString());
        assertTrue(results.get("bad-option").get("error").contains("column 'seed'"), results.toString());
        assertTrue(results.get("dup").get("error").contains("also the output of job 'good'"), results.toString());
        for (String failed : List.of("missing", "undecodable", "bad-option", "dup")) {
            assertEquals("failed", results.get(failed).get("status"), failed);
        }
        assertTrue(Files.size(folder.resolve("out/good.mp4")) > 0);
        assertTrue(Files.isRegularFile(folder.resolve("out/with, comma.mp4")));
        assertFalse(Files.exists(folder.resolve("out/undecodable.mp4")), "a failed job leaves no video");
        assertTrue(first.out.contains("2 generated, 0 skipped (done before), 4 failed, 6 jobs"), first.out);
        assertTrue(first.err.contains("done 2, failed 4, left 0"), first.err);
        OutputSidecar sidecar = OutputSidecar.read(folder.resolve("out/good.mp4")).orElseThrow();
        assertEquals("good", sidecar.jobId());
        assertEquals(6, sidecar.frames());

        CliHarness again = CliHarness.run(batch(jobs, "--json").toArray(String[]::new));
        assertEquals(ExitCodes.BATCH_JOBS_FAILED, again.exitCode, again::toString);
        assertEquals("skipped", byJob(csv(folder.resolve("jobs.results.csv"))).get("good").get("status"));
        assertFalse(again.out.contains("\"event\":\"denoising_step\""), "nothing was generated: " + again.out);

        // A changed default is a changed job: it runs again. --force redoes everything.
        CliHarness changed = CliHarness.run(batch(jobs, "--guidance_scale", "1", "-q").toArray(String[]::new));
        assertEquals("ok", byJob(csv(folder.resolve("jobs.results.csv"))).get("good").get("status"), changed::toString);
        CliHarness forced = CliHarness.run(batch(jobs, "--guidance_scale", "1", "--force", "-q").toArray(String[]::new));
        assertEquals("ok", byJob(csv(folder.resolve("jobs.results.csv"))).get("quoted, id").get("status"), forced::toString);
        assertTrue(forced.err.contains("vexpress: error: job 'missing' (row 2)"), "quiet mode still names failed jobs: " + forced);
    }

    @Test
    void jsonLinesJobsWriteJsonLinesResults() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("jsonl-batch"));
        Path jobs = Files.writeString(folder.resolve("jobs.jsonl"), String.join("\n",
                "{\"job_id\": \"one\", \"reference_image_path\": \"" + demo.portrait() + "\", \"audio_path\": \"" + demo.speech()
                        + "\", \"kps_path\": \"" + demo.keypoints() + "\", \"output_path\": \"one.mp4\", \"seed\": 7}",
                "",
                "{\"job_id\": \"two\", \"output_path\": \"two.mp4\", \"num_inference_steps\": 0}") + "\n");
        CliHarness r = CliHarness.run(batch(jobs, "--reference_image_path", demo.portrait().toString(),
                "--audio_path", demo.speech().toString(), "--kps_path", demo.keypoints().toString(), "--json")
                .toArray(String[]::new));
        assertEquals(ExitCodes.BATCH_JOBS_FAILED, r.exitCode, r::toString);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(folder.resolve("jobs.results.jsonl"))) {
            lines.add(JSON.readTree(line));
        }
        assertEquals(2, lines.size());
        assertEquals("ok", lines.get(0).get("status").asText());
        assertEquals(folder.resolve("one.mp4").toString(), lines.get(0).get("output").asText());
        assertTrue(lines.get(0).get("error").isNull());
        assertEquals("failed", lines.get(1).get("status").asText());
        assertTrue(lines.get(1).get("error").asText().toLowerCase().contains("steps"), lines.get(1).toString());
        assertTrue(r.out.contains("\"event\":\"job_finished\",\"job_id\":\"one\""), r.out);
        assertTrue(r.out.contains("\"job_id\":\"one\"") && r.out.contains("\"event\":\"denoising_step\""), r.out);
    }

    @Test
    void columnsThatAreNoJobSettingStopTheBatchBeforeItStarts() throws IOException {
        Path jobs = Files.writeString(dir.resolve("device.csv"), "job_id,device\na,cuda:1\n");
        CliHarness r = CliHarness.run(batch(jobs).toArray(String[]::new));
        assertEquals(ExitCodes.INVALID_INPUT, r.exitCode, r::toString);
        assertTrue(r.err.contains("pass --device to vexpress batch instead"), r.err);
        Path unknown = Files.writeString(dir.resolve("unknown.csv"), "job_id,steps\na,3\n");
        CliHarness u = CliHarness.run(batch(unknown).toArray(String[]::new));
        assertEquals(ExitCodes.INVALID_INPUT, u.exitCode, u::toString);
        assertTrue(u.err.contains("Unknown column 'steps'") && u.err.contains("num_inference_steps"), u.err);
    }

    @Test
    void aBatchKilledMidWayResumesWithTheJobsLeft() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("killed"));
        StringBuilder csv = new StringBuilder("job_id,output_path,seed\n");
        for (int i = 1; i <= 4; i++) {
            csv.append("job").append(i).append(",out/job").append(i).append(".mp4,").append(i).append('\n');
        }
        Path jobs = Files.writeString(folder.resolve("jobs.csv"), csv);
        List<String> args = batch(jobs, "--reference_image_path", demo.portrait().toString(), "--audio_path",
                demo.speech().toString(), "--kps_path", demo.keypoints().toString(), "--json");
        // Five steps at 128x128 make each job last long enough to be killed in the middle of the second.
        args.set(args.indexOf("--num_inference_steps") + 1, "5");
        args.set(args.indexOf("--width") + 1, "128");
        args.set(args.indexOf("--height") + 1, "128");

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), VExpressCommand.class.getName()));
        command.addAll(args);
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> seen = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                seen.add(line);
                JsonNode event = JSON.readTree(line);
                if (event.path("event").asText().equals("denoising_step") && event.path("job_id").asText().equals("job2")) {
                    break; // job 1 is done, job 2 is denoising
                }
            }
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no clean-up
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertTrue(seen.stream().anyMatch(l -> l.contains("\"event\":\"job_finished\",\"job_id\":\"job1\"")), seen.toString());
        assertTrue(OutputSidecar.read(folder.resolve("out/job1.mp4")).isPresent(), "job 1 finished before the kill");
        assertFalse(Files.exists(folder.resolve("out/job2.mp4")), "no video of the killed job");
        Map<String, Map<String, String>> before = byJob(csv(folder.resolve("jobs.results.csv")));
        assertEquals(List.of("job1"), List.copyOf(before.keySet()), "the results file lists what finished");

        CliHarness resumed = CliHarness.run(args.toArray(String[]::new));
        assertEquals(ExitCodes.OK, resumed.exitCode, resumed::toString);
        Map<String, Map<String, String>> after = byJob(csv(folder.resolve("jobs.results.csv")));
        assertEquals("skipped", after.get("job1").get("status"));
        for (String job : List.of("job2", "job3", "job4")) {
            assertEquals("ok", after.get(job).get("status"), job);
            assertTrue(Files.isRegularFile(folder.resolve("out/" + job + ".mp4")), job);
        }
        try (var leftovers = Files.list(folder.resolve("out"))) {
            assertEquals(List.of(), leftovers.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".part")).toList(),
                    "no temporaries of the killed run are left");
        }
        assertTrue(new File(folder.resolve("out").toFile(), "job2.mp4" + OutputSidecar.SUFFIX).isFile());
    }
}
