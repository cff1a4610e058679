package io.vexpress.examples.studio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vexpress.GenerationRequest;
import io.vexpress.TalkingHeadGenerator;
import io.vexpress.VExpressException;
import io.vexpress.examples.cli.ConditioningPreview;
import io.vexpress.keypoints.FaceKeypointDetector;
import io.vexpress.media.FrameSink;
import io.vexpress.media.VideoFormat;
import io.vexpress.media.video.Mp4Output;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The studio's web server (the JDK's {@code com.sun.net.httpserver}): the page, and a JSON API guarded by a random
 * token that is part of the printed address. See docs/studio.md for the API.
 *
 * <pre>{@code
 * try (Studio studio = Studio.start(new Studio.Config(workDir, "127.0.0.1", 0, 500L << 20), generator, detector, 16000)) {
 *     System.out.println(studio.address());   // http://127.0.0.1:PORT/?token=...
 * }
 * }</pre>
 */
public final class Studio implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Studio.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN_HEADER = "X-Studio-Token";
    private static final Map<String, String> STATIC = Map.of(
            "/studio.css", "text/css; charset=utf-8",
            "/studio.js", "text/javascript; charset=utf-8");

    /**
     * @param workDir where uploads, previews and jobs are kept
     * @param host the address to listen on (127.0.0.1 keeps the studio local)
     * @param port the port, 0 for any free one
     * @param maxUploadBytes the largest upload of any kind (each kind also has its own, smaller limit)
     */
    public record Config(Path workDir, String host, int port, long maxUploadBytes) {
    }

    private final HttpServer server;
    private final ExecutorService threads;
    private final String token = Ids.token();
    private final Path previews;
    private final Uploads uploads;
    private final Jobs jobs;
    private final FaceKeypointDetector detector;
    private final int audioSampleRate;
    private final boolean loopbackOnly;

    private Studio(Config config, TalkingHeadGenerator generator, FaceKeypointDetector detector, int audioSampleRate)
            throws IOException {
        Path work = config.workDir().toAbsolutePath();
        Files.createDirectories(work);
        this.previews = Files.createDirectories(work.resolve("previews"));
        this.uploads = new Uploads(Files.createDirectories(work.resolve("uploads")), config.maxUploadBytes(), detector);
        this.jobs = new Jobs(work.resolve("jobs"), generator);
        this.detector = detector;
        this.audioSampleRate = audioSampleRate;
        InetAddress address = InetAddress.getByName(config.host());
        this.loopbackOnly = address.isLoopbackAddress();
        server = HttpServer.create(new InetSocketAddress(address, config.port()), 0);
        threads = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "vexpress-studio-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/", this::handle);
    }

    /**
     * Starts serving.
     *
     * @param generator the one generator every job runs on (the studio does not close it)
     * @param detector finds faces for previews, face crops and driving videos (the studio does not close it)
     * @param audioSampleRate the bundle's audio rate, for previews
     */
    public static Studio start(Config config, TalkingHeadGenerator generator, FaceKeypointDetector detector, int audioSampleRate) {
        try {
            Studio s = new Studio(config, generator, detector, audioSampleRate);
            s.server.start();
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the studio on " + config.host() + ":" + config.port() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The page's address, with the token. */
    public URI address() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + a.getPort() + "/?token=" + token);
    }

    /** The API token. */
    public String token() {
        return token;
    }

    private void handle(HttpExchange ex) {
        try (ex) {
            try {
                route(ex);
            } catch (StudioException e) {
                error(ex, e.status(), e.getMessage());
            } catch (VExpressException e) {
                error(ex, 400, e.message(PageNames.PAGE));
            } catch (RuntimeException | IOException e) {
                LOG.warn("Studio request {} {} failed", ex.getRequestMethod(), ex.getRequestURI().getPath(), e);
                error(ex, 500, "Internal error: " + e);
            }
        }
    }

    private void route(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        if (loopbackOnly && !localHost(ex.getRequestHeaders().getFirst("Host"))) {
            throw new StudioException(403, "This studio answers only at 127.0.0.1 or localhost.");
        }
        if (method.equals("GET") && path.equals("/favicon.ico")) {
            ex.sendResponseHeaders(204, -1);
            return;
        }
        if (method.equals("GET") && STATIC.containsKey(path)) {
            resource(ex, path.substring(1), STATIC.get(path));
            return;
        }
        requireToken(ex);
        List<String> parts = List.of(path.replaceAll("^/+|/+$", "").split("/"));
        if (method.equals("GET") && (path.equals("/") || path.equals("/index.html"))) {
            resource(ex, "index.html", "text/html; charset=utf-8");
        } else if (method.equals("POST") && path.equals("/api/uploads")) {
            Map<String, String> q = query(ex);
            String length = ex.getRequestHeaders().getFirst("Content-Length");
            ObjectNode meta = uploads.store(Uploads.Kind.parse(q.get("kind")), q.get("name"),
                    length == null ? -1 : Long.parseLong(length), ex.getRequestBody());
            json(ex, 201, meta);
        } else if (method.equals("POST") && path.equals("/api/preview")) {
            json(ex, 200, preview(body(ex)));
        } else if (method.equals("GET") && path.equals("/api/jobs")) {
            ObjectNode list = JSON.createObjectNode();
            list.set("jobs", JSON.valueToTree(jobs.list()));
            json(ex, 200, list);
        } else if (method.equals("POST") && path.equals("/api/jobs")) {
            Job job = jobs.submit(body(ex), uploads);
            json(ex, 202, job.describe(null));
        } else if (parts.size() == 4 && parts.get(0).equals("api") && parts.get(1).equals("jobs")) {
            Job job = jobs.get(parts.get(2)).orElseThrow(() -> new StudioException(404, "No job " + parts.get(2) + "."));
            switch (method + " " + parts.get(3)) {
                case "GET events" -> events(ex, job);
                case "POST cancel" -> {
                    job.cancel();
                    json(ex, 200, job.describe(null));
                }
                case "GET " + Job.VIDEO -> {
                    if (job.status() != Job.Status.DONE) {
                        throw new StudioException(404, "Job " + job.id + " has no video (it is " + job.status().json() + ").");
                    }
                    file(ex, job.folder.resolve(Job.VIDEO), "video/mp4", "vexpress-" + job.id + ".mp4");
                }
                default -> throw new StudioException(404, "No such API call: " + method + " " + path);
            }
        } else if (method.equals("GET") && parts.size() == 3 && parts.get(0).equals("api") && parts.get(1).equals("previews")
                && parts.get(2).endsWith(".mp4") && Ids.valid(parts.get(2).substring(0, parts.get(2).length() - 4))) {
            file(ex, previews.resolve(parts.get(2)), "video/mp4", "preview.mp4");
        } else {
            throw new StudioException(404, "No such page or API call: " + method + " " + path);
        }
    }

    /** The keypoint conditioning the settings lead to, as {@code vexpress preview} renders it. */
    private ObjectNode preview(JsonNode settings) {
        String id = Ids.next();
        Path out = previews.resolve(id + ".mp4");
        GenerationRequest request = JobSettings.toRequest(settings, uploads, out);
        List<String> warnings = new java.util.ArrayList<>(request.warnings());
        ConditioningPreview preview = ConditioningPreview.of(request, () -> detector, audioSampleRate, warnings::add);
        VideoFormat format = new VideoFormat(preview.width(), preview.height(), preview.timing().fps(),
                preview.timing().frames(), request.audioPath(), Optional.empty());
        try (FrameSink sink = new Mp4Output(out).open(format)) {
            preview.render(sink, done -> { });
            sink.commit();
        }
        ObjectNode r = JSON.createObjectNode();
        r.put("video", "previews/" + id + ".mp4");
        r.put("frames", preview.timing().frames());
        r.put("fps", preview.timing().fps());
        r.put("audio_seconds", preview.audioSeconds());
        r.set("warnings", JSON.valueToTree(warnings));
        return r;
    }

    /** Server-Sent Events: every event of the job so far, then the new ones as they come, until it finishes. */
    private void events(HttpExchange ex, Job job) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        int next = 0;
        try {
            while (true) {
                List<String> batch = job.eventsFrom(next, 15_000);
                boolean finished = job.status().finished();
                if (batch.isEmpty()) {
                    if (finished) {
                        break;
                    }
                    out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                } else {
                    StringBuilder sb = new StringBuilder();
                    for (String e : batch) {
                        sb.append("id: ").append(++next).append("\ndata: ").append(e).append("\n\n");
                    }
                    out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
                }
                out.flush();
                if (finished && job.eventsFrom(next, 0).isEmpty()) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException pageLeft) {
            // the page was closed; the job goes on
        }
    }

    private void requireToken(HttpExchange ex) {
        String given = ex.getRequestHeaders().getFirst(TOKEN_HEADER);
        if (given == null) {
            given = query(ex).get("token");
        }
        if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            throw new StudioException(403, "Missing or wrong token: open the address 'vexpress studio' printed, with its ?token=.");
        }
    }

    private static boolean localHost(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT).replaceAll(":\\d+$", "");
        return h.equals("127.0.0.1") || h.equals("localhost") || h.equals("[::1]");
    }

    private static Map<String, String> query(HttpExchange ex) {
        Map<String, String> q = new HashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                q.put(k, v);
            }
        }
        return q;
    }

    private static JsonNode body(HttpExchange ex) throws IOException {
        byte[] bytes = ex.getRequestBody().readNBytes(1 << 20);
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new StudioException(400, "The settings are not valid JSON: " + e.getMessage());
        }
    }

    private static void resource(HttpExchange ex, String name, String type) throws IOException {
        try (InputStream in = Studio.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new StudioException(404, "Missing page resource " + name + ".");
            }
            byte[] bytes = in.readAllBytes();
            ex.getResponseHeaders().set("Content-Type", type);
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            ex.sendResponseHeaders(200, bytes.length);
            ex.getResponseBody().write(bytes);
        }
    }

    /** A file, with byte ranges (browsers seek in videos with them). */
    private static void file(HttpExchange ex, Path file, String type, String downloadName) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new StudioException(404, "No file " + file.getFileName() + ".");
        }
        long size = Files.size(file);
        long start = 0;
        long end = size - 1;
        String range = ex.getRequestHeaders().getFirst("Range");
        int status = 200;
        if (range != null && range.startsWith("bytes=") && !range.contains(",")) {
            String[] se = range.substring(6).split("-", 2);
            try {
                if (se[0].isEmpty()) {
                    start = Math.max(0, size - Long.parseLong(se[1]));
                } else {
                    start = Long.parseLong(se[0]);
                    if (se.length > 1 && !se[1].isEmpty()) {
                        end = Math.min(end, Long.parseLong(se[1]));
                    }
                }
            } catch (NumberFormatException e) {
                start = 0;
                end = size - 1;
            }
            if (start > end || start >= size) {
                ex.getResponseHeaders().set("Content-Range", "bytes */" + size);
                ex.sendResponseHeaders(416, -1);
                return;
            }
            status = 206;
            ex.getResponseHeaders().set("Content-Range", "bytes " + start + "-" + end + "/" + size);
        }
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Accept-Ranges", "bytes");
        if (query(ex).containsKey("download")) {
            ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"" + downloadName + "\"");
        }
        long length = end - start + 1;
        ex.sendResponseHeaders(status, length);
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(start);
            byte[] buffer = new byte[1 << 16];
            long left = length;
            OutputStream out = ex.getResponseBody();
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
                left -= n;
            }
        }
    }

    private static void json(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    private static void error(HttpExchange ex, int status, String message) {
        try {
            // The body of a refused upload may be unread: a client still sending it would miss the answer when the
            // connection closed under it, so it is read to its end (up to 2 GiB) and dropped.
            InputStream rest = ex.getRequestBody();
            byte[] sink = new byte[1 << 16];
            long left = 2L << 30;
            for (int n; left > 0 && (n = rest.read(sink)) > 0; ) {
                left -= n;
            }
        } catch (IOException ignored) {
            // the client went away
        }
        try {
            ObjectNode e = JSON.createObjectNode();
            e.put("error", message);
            json(ex, status, e);
        } catch (IOException | IllegalStateException alreadySent) {
            // headers were already sent (a failed SSE or file stream): nothing more to say
        }
    }

    @Override
    public void close() {
        server.stop(0);
        jobs.close();
        threads.shutdownNow();
    }
}
