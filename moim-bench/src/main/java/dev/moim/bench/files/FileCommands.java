package dev.moim.bench.files;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import javax.imageio.ImageIO;

import dev.moim.bench.prepare.MoimApi;
import dev.moim.bench.report.Latency;
import dev.moim.bench.scenario.DurationConverter;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The files benchmark (issue 10): photos uploaded as fast as the server takes them (each checked, stripped of its
 * metadata and thumbnailed), then originals and thumbnails downloaded by members. docs/bench/run-files.sh runs it
 * against a fresh server.
 */
public final class FileCommands {

    private FileCommands() {
    }

    @Command(name = "files", mixinStandardHelpOptions = true,
            description = "Uploads photos (closed loop), then downloads originals and thumbnails; prints throughput and latency.")
    public static final class Files implements Callable<Integer> {
        @Option(names = "--api", defaultValue = "http://127.0.0.1:8080") URI apiBase;
        @Option(names = "--uploaders", defaultValue = "4") int uploaders;
        @Option(names = "--downloaders", defaultValue = "8") int downloaders;
        @Option(names = "--photo", defaultValue = "4032x3024", description = "Photo size in pixels, WIDTHxHEIGHT (a 12 MP phone photo)") String photo;
        @Option(names = "--duration", defaultValue = "30s", converter = DurationConverter.class) Duration duration;
        @Option(names = "--warmup", defaultValue = "5s", converter = DurationConverter.class) Duration warmup;

        @Override
        public Integer call() throws Exception {
            JsonMapper json = JsonMapper.builder().build();
            String[] size = photo.split("x");
            List<byte[]> photos = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                photos.add(jpeg(Integer.parseInt(size[0]), Integer.parseInt(size[1]), i));
            }
            long averageBytes = photos.stream().mapToLong(p -> p.length).sum() / photos.size();
            System.out.printf("photos: %s JPEG, about %.1f MB each%n", photo, averageBytes / 1e6);
            try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
                MoimApi api = new MoimApi(apiBase, http, json);
                String run = UUID.randomUUID().toString().substring(0, 8);
                List<MoimApi.Session> people = new ArrayList<>();
                for (int i = 0; i < uploaders + 1; i++) {
                    String email = "files-" + run + "-" + i + "@bench.example";
                    api.signup(email, "bench password", "uploader " + i);
                    people.add(api.login(email, "bench password"));
                }
                long roomId = api.createGroup(people.getFirst().accessToken(), "photos " + run,
                        people.stream().skip(1).map(MoimApi.Session::userId).toList());

                Map<Integer, List<String>> uploaded = new ConcurrentHashMap<>();
                AtomicLong bytesIn = new AtomicLong();
                measure("upload (check, strip, thumbnail, store)", uploaders, (worker, random) -> {
                    byte[] body = photos.get(random.nextInt(photos.size()));
                    MoimApi.Session who = people.get(worker);
                    HttpRequest request = HttpRequest.newBuilder(apiBase.resolve("/api/v1/rooms/" + roomId
                                    + "/attachments?name=photo.jpg"))
                            .header("Authorization", "Bearer " + who.accessToken())
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 201) {
                        throw new IllegalStateException("upload " + response.statusCode() + " " + response.body());
                    }
                    JsonNode attachment = json.readTree(response.body());
                    uploaded.computeIfAbsent(worker, w -> new CopyOnWriteArrayList<>()).add(attachment.path("id").asString());
                    return body.length;
                }, bytesIn);
                // The photos go out in messages by their uploaders, so that every member may download them.
                List<String> ids = new ArrayList<>();
                uploaded.forEach((worker, theirs) -> {
                    for (int i = 0; i < theirs.size(); i += 30) {
                        List<String> album = theirs.subList(i, Math.min(theirs.size(), i + 30));
                        api.postJson(people.get(worker).accessToken(), "/api/v1/rooms/" + roomId + "/messages",
                                Map.of("clientMsgId", "album-" + run + "-" + worker + "-" + i, "type", "IMAGE",
                                        "attachmentIds", album));
                    }
                    ids.addAll(theirs);
                });
                String reader = people.getLast().accessToken();
                measure("download originals", downloaders, (worker, random) ->
                        download(http, apiBase, reader, "/api/v1/attachments/" + ids.get(random.nextInt(ids.size()))), new AtomicLong());
                measure("download thumbnails", downloaders, (worker, random) ->
                        download(http, apiBase, reader, "/api/v1/attachments/" + ids.get(random.nextInt(ids.size())) + "/thumbnail"),
                        new AtomicLong());
            }
            return 0;
        }

        interface Call {
            /** One request; returns the bytes it moved. */
            long run(int worker, SplittableRandom random) throws Exception;
        }

        private void measure(String what, int workers, Call call, AtomicLong bytes) throws InterruptedException {
            Recorder recorder = new Recorder(3);
            AtomicLong failed = new AtomicLong();
            Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
            long measureFrom = System.nanoTime() + warmup.toNanos();
            long end = measureFrom + duration.toNanos();
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                int worker = w;
                threads.add(Thread.ofPlatform().name("files-" + w).start(() -> {
                    SplittableRandom random = new SplittableRandom(1000 + worker);
                    while (System.nanoTime() < end) {
                        long started = System.nanoTime();
                        try {
                            long moved = call.run(worker, random);
                            if (started >= measureFrom) {
                                recorder.recordValue(Math.max(1, (System.nanoTime() - started) / 1000));
                                bytes.addAndGet(moved);
                            }
                        } catch (Exception e) {
                            if (started >= measureFrom) {
                                failed.incrementAndGet();
                                failures.computeIfAbsent(String.valueOf(e.getMessage()), k -> new AtomicLong()).incrementAndGet();
                            }
                        }
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            Histogram h = recorder.getIntervalHistogram();
            Latency l = Latency.of(h);
            double seconds = duration.toNanos() / 1e9;
            System.out.printf("%s: %d workers, %d in %.0f s = %.1f/s, %.1f MB/s, %d failed%n", what, workers, l.count(),
                    seconds, l.count() / seconds, bytes.get() / 1e6 / seconds, failed.get());
            System.out.printf("  latency (ms): p50 %.1f  p90 %.1f  p95 %.1f  p99 %.1f  max %.1f%n", l.p50(), l.p90(),
                    h.getTotalCount() == 0 ? 0.0 : h.getValueAtPercentile(95) / 1000.0, l.p99(), l.max());
            failures.forEach((reason, count) -> System.out.printf("  failed %d: %s%n", count.get(), reason));
        }

        private static long download(HttpClient http, URI base, String token, String path) throws Exception {
            HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token).GET().build();
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                long n = body.transferTo(java.io.OutputStream.nullOutputStream());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("download " + response.statusCode());
                }
                return n;
            }
        }

        /** A photo-like JPEG: gradients and noise, so it compresses like a real photo (a few MB at 12 MP). */
        static byte[] jpeg(int width, int height, int seed) {
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            g.setPaint(new GradientPaint(0, 0, new Color(30 + seed * 40, 90, 160), width, height, new Color(240, 200 - seed * 30, 80)));
            g.fillRect(0, 0, width, height);
            g.dispose();
            SplittableRandom random = new SplittableRandom(seed);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int rgb = image.getRGB(x, y);
                    int n = random.nextInt(-24, 25);
                    int r = clamp(((rgb >> 16) & 0xff) + n), gr = clamp(((rgb >> 8) & 0xff) + n), b = clamp((rgb & 0xff) + n);
                    image.setRGB(x, y, (r << 16) | (gr << 8) | b);
                }
            }
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ImageIO.write(image, "jpg", out);
                return out.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static int clamp(int v) {
            return Math.max(0, Math.min(255, v));
        }
    }
}
