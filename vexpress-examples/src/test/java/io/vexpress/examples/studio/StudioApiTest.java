package io.vexpress.examples.studio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vexpress.TalkingHeadGenerator;
import io.vexpress.examples.demo.DemoAssets;
import io.vexpress.media.face.CascadeFaceDetector;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The studio's HTTP API, driven with Java's HttpClient as the page drives it, on the tiny bundle. */
class StudioApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    static Path dir;
    private static DemoAssets assets;
    private static TalkingHeadGenerator generator;
    private static CascadeFaceDetector detector;
    private static Studio studio;
    private static String base;

    @BeforeAll
    static void start() {
        assets = DemoAssets.create(dir.resolve("inputs"), 30, 0.5);
        generator = TalkingHeadGenerator.builder().setModelBundle(assets.bundle()).build();
        detector = CascadeFaceDetector.create();
        studio = Studio.start(new Studio.Config(dir.resolve("work"), "127.0.0.1", 0, 50L << 20), generator, detector, 16000);
        base = studio.address().toString().replaceAll("/\\?token=.*$", "");
    }

    @AfterAll
    static void stop() {
        studio.close();
        generator.close();
        detector.close();
    }

    private static HttpRequest.Builder req(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).header("X-Studio-Token", studio.token());
    }

    private static HttpResponse<String> send(HttpRequest r) throws IOException, InterruptedException {
        return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode upload(String kind, Path file) throws IOException, InterruptedException {
        HttpResponse<String> r = send(req("/api/uploads?kind=" + kind + "&name=" + file.getFileName())
                .POST(HttpRequest.BodyPublishers.ofFile(file)).build());
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    private static HttpResponse<String> postJson(String path, JsonNode body) throws IOException, InterruptedException {
        return send(req(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    private static ObjectNode settings(int steps) throws IOException, InterruptedException {
        ObjectNode s = JSON.createObjectNode();
        s.put("portrait", upload("portrait", assets.portrait()).get("id").asText());
        s.put("audio", upload("audio", assets.speech()).get("id").asText());
        s.put("kps", upload("kps", assets.keypoints()).get("id").asText());
        s.put("strategy", "no_retarget");
        s.put("steps", steps);
        s.put("size", 64);
        s.put("kps_timing", "loop");
        return s;
    }

    /** Reads the job's Server-Sent Events until the stream ends, returning each event's JSON. */
    private static List<JsonNode> events(String job) throws IOException, InterruptedException {
        HttpResponse<InputStream> r = HTTP.send(req("/api/jobs/" + job + "/events").timeout(Duration.ofMinutes(5)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        List<JsonNode> out = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("data: ")) {
                    out.add(JSON.readTree(line.substring(6)));
                }
            }
        }
        return out;
    }

    @Test
    void requestsWithoutTheTokenAreRefused() throws Exception {
        HttpResponse<String> none = send(HttpRequest.newBuilder(URI.create(base + "/api/jobs")).GET().build());
        assertEquals(403, none.statusCode());
        assertTrue(JSON.readTree(none.body()).get("error").asText().contains("token"));
        assertEquals(403, send(HttpRequest.newBuilder(URI.create(base + "/api/jobs?token=0123")).GET().build()).statusCode());
        assertEquals(403, send(HttpRequest.newBuilder(URI.create(base + "/")).GET().build()).statusCode());
        assertEquals(403, send(HttpRequest.newBuilder(URI.create(base + "/api/uploads?kind=audio&name=a.wav"))
                .POST(HttpRequest.BodyPublishers.ofFile(assets.speech())).build()).statusCode());
        HttpResponse<String> page = send(HttpRequest.newBuilder(studio.address()).GET().build());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("vexpress studio"));
        assertEquals(200, send(HttpRequest.newBuilder(URI.create(base + "/studio.js")).GET().build()).statusCode(),
                "the static script holds no secret");
    }

    @Test
    void badUploadsAreAnswered400WithTheirMessage() throws Exception {
        HttpResponse<String> notAnImage = send(req("/api/uploads?kind=portrait&name=me.jpg")
                .POST(HttpRequest.BodyPublishers.ofString("this is not a JPEG")).build());
        assertEquals(400, notAnImage.statusCode());
        String message = JSON.readTree(notAnImage.body()).get("error").asText();
        assertTrue(message.startsWith("The portrait me.jpg cannot be used: "), message);

        HttpResponse<String> wrongKind = send(req("/api/uploads?kind=kps&name=motion.txt")
                .POST(HttpRequest.BodyPublishers.ofString("[]")).build());
        assertEquals(400, wrongKind.statusCode());
        assertTrue(JSON.readTree(wrongKind.body()).get("error").asText().contains("kps.pth"));

        HttpResponse<String> empty = send(req("/api/uploads?kind=audio&name=a.wav").POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(400, empty.statusCode());
        assertTrue(JSON.readTree(empty.body()).get("error").asText().contains("empty"));

        HttpResponse<String> tooLarge = send(req("/api/uploads?kind=kps&name=kps.pth")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[21 << 20])).build());
        assertEquals(413, tooLarge.statusCode());
        assertTrue(JSON.readTree(tooLarge.body()).get("error").asText().contains("the limit is 20.0 MB"));

        ObjectNode s = settings(1);
        s.put("steps", 0);
        HttpResponse<String> badSteps = postJson("/api/jobs", s);
        assertEquals(400, badSteps.statusCode());
        assertEquals("Steps (Denoising steps) must be >= 1, got 0. V-Express uses 25.",
                JSON.readTree(badSteps.body()).get("error").asText(), "the page's own label");
        s.put("steps", 1);
        s.put("portrait", s.get("audio").asText());
        HttpResponse<String> swapped = postJson("/api/jobs", s);
        assertEquals(400, swapped.statusCode());
        assertTrue(JSON.readTree(swapped.body()).get("error").asText().contains("not a portrait"));
    }

    @Test
    void previewThenGenerateWithLiveProgressThenDownload() throws Exception {
        ObjectNode s = settings(2);
        HttpResponse<String> preview = postJson("/api/preview", s);
        assertEquals(200, preview.statusCode(), preview.body());
        JsonNode p = JSON.readTree(preview.body());
        assertEquals(15, p.get("frames").asInt(), "0.5 s at 30 fps");
        HttpResponse<byte[]> previewVideo = HTTP.send(req("/api/" + p.get("video").asText()).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, previewVideo.statusCode());
        assertEquals("ftyp", new String(previewVideo.body(), 4, 4, StandardCharsets.US_ASCII));

        HttpResponse<String> submitted = postJson("/api/jobs", s);
        assertEquals(202, submitted.statusCode(), submitted.body());
        String id = JSON.readTree(submitted.body()).get("id").asText();
        List<JsonNode> events = events(id);
        List<String> types = events.stream().map(e -> e.get("type").asText()).toList();
        assertEquals("queued", types.get(0));
        assertEquals("done", types.get(types.size() - 1), types.toString());
        assertTrue(events.stream().anyMatch(e -> e.get("type").asText().equals("stage") && e.get("stage").asText().equals("denoising")));
        JsonNode lastStep = events.stream().filter(e -> e.has("step")).reduce((a, b) -> b).orElseThrow();
        assertEquals(2, lastStep.get("step").asInt());
        assertEquals(2, lastStep.get("steps").asInt());
        assertEquals(lastStep.get("windows").asInt(), lastStep.get("window").asInt());
        assertEquals(1.0, lastStep.get("fraction").asDouble(), 1e-9);
        assertTrue(events.stream().filter(e -> e.has("step")).allMatch(e -> e.has("eta_seconds") && e.get("eta_seconds").asDouble() >= 0));
        assertTrue(events.stream().anyMatch(e -> e.has("frames") && e.get("frames").asInt() == 15 && e.get("type").asText().equals("progress")));
        JsonNode done = events.get(events.size() - 1);
        assertEquals(15, done.get("frames").asInt());

        HttpResponse<byte[]> video = HTTP.send(req("/api/" + done.get("video").asText() + "?download=1").GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, video.statusCode());
        assertEquals("video/mp4", video.headers().firstValue("Content-Type").orElse(""));
        assertTrue(video.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment"));
        assertEquals("ftyp", new String(video.body(), 4, 4, StandardCharsets.US_ASCII));
        HttpResponse<byte[]> part = HTTP.send(req("/api/" + done.get("video").asText()).header("Range", "bytes=4-7").GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(206, part.statusCode());
        assertEquals("ftyp", new String(part.body(), StandardCharsets.US_ASCII));

        JsonNode listed = JSON.readTree(send(req("/api/jobs").GET().build()).body()).get("jobs");
        JsonNode mine = null;
        for (JsonNode j : listed) {
            if (j.get("id").asText().equals(id)) {
                mine = j;
            }
        }
        assertEquals("done", mine.get("status").asText());
        assertEquals(done.get("video").asText(), mine.get("video").asText());

        // a restarted studio on the same work folder still lists the result
        try (Studio again = Studio.start(new Studio.Config(dir.resolve("work"), "127.0.0.1", 0, 50L << 20), generator, detector, 16000)) {
            String otherBase = again.address().toString().replaceAll("/\\?token=.*$", "");
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(otherBase + "/api/jobs?token=" + again.token())).GET().build());
            assertTrue(r.body().contains(id));
        }
    }

    @Test
    void cancellingStopsTheRunningJobAndAQueuedOneAtOnce() throws Exception {
        ObjectNode s = settings(200);
        String running = JSON.readTree(postJson("/api/jobs", s).body()).get("id").asText();
        String queued = JSON.readTree(postJson("/api/jobs", s).body()).get("id").asText();
        HttpResponse<String> c = send(req("/api/jobs/" + queued + "/cancel").POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(200, c.statusCode());
        assertEquals("cancelled", JSON.readTree(c.body()).get("status").asText());
        // wait until the running job is denoising, then cancel it
        HttpResponse<InputStream> stream = HTTP.send(req("/api/jobs/" + running + "/events").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.contains("\"step\"")) {
                    break;
                }
            }
        }
        send(req("/api/jobs/" + running + "/cancel").POST(HttpRequest.BodyPublishers.noBody()).build());
        List<JsonNode> events = events(running);
        assertEquals("cancelled", events.get(events.size() - 1).get("type").asText());
        assertTrue(events.stream().filter(e -> e.has("step")).allMatch(e -> e.get("step").asInt() < 200), "stopped early");
        assertFalse(Files.exists(dir.resolve("work/jobs").resolve(running).resolve("video.mp4")), "no video left behind");
        assertEquals(404, send(req("/api/jobs/" + running + "/video.mp4").GET().build()).statusCode());
        List<JsonNode> queuedEvents = events(queued);
        assertEquals(List.of("queued", "cancelled"), queuedEvents.stream().map(e -> e.get("type").asText()).toList());
    }
}
