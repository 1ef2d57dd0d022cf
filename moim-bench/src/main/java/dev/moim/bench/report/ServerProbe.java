package dev.moim.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the server spent during the measured window: CPU of the given processes from {@code /proc/PID/stat}, heap
 * after a full GC through {@code jcmd}, and the counters of {@code /actuator/prometheus} when the server exposes it.
 * Everything here is best effort: a probe that cannot read something reports it as absent.
 */
public final class ServerProbe {

    /** One process's CPU over the window. */
    public record ProcessCpu(long pid, double cpuSeconds, double cores) {
    }

    /** What the probe found; {@code prometheusDeltas} is empty when the endpoint did not answer. */
    public record Findings(double windowSeconds, List<ProcessCpu> processes, double cores, Double microsPerDelivery,
                           Map<String, Double> prometheusDeltas) {
    }

    private final List<Long> pids;
    private final Supplier<String> prometheus;
    private final long clockTicks = clockTicks();
    private Map<Long, Long> ticksAtStart = Map.of();
    private Map<String, Double> countersAtStart;
    private long startNanos;

    /** @param prometheus fetches the exposition text, or returns null when the server has none */
    public ServerProbe(List<Long> pids, Supplier<String> prometheus) {
        this.pids = List.copyOf(pids);
        this.prometheus = prometheus;
    }

    public void windowStart() {
        startNanos = System.nanoTime();
        ticksAtStart = ticks();
        countersAtStart = counters(prometheus.get());
    }

    public Findings windowEnd(long deliveriesInWindow) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        Map<Long, Long> ticksAtEnd = ticks();
        Map<String, Double> countersAtEnd = counters(prometheus.get());
        List<ProcessCpu> processes = new ArrayList<>();
        double cpuTotal = 0;
        for (long pid : pids) {
            Long before = ticksAtStart.get(pid);
            Long after = ticksAtEnd.get(pid);
            if (before == null || after == null) {
                processes.add(new ProcessCpu(pid, Double.NaN, Double.NaN));
                continue;
            }
            double cpu = (after - before) / (double) clockTicks;
            cpuTotal += cpu;
            processes.add(new ProcessCpu(pid, cpu, seconds > 0 ? cpu / seconds : 0));
        }
        Double perDelivery = pids.isEmpty() || deliveriesInWindow == 0 ? null : cpuTotal * 1e6 / deliveriesInWindow;
        Map<String, Double> deltas = new TreeMap<>();
        if (countersAtStart != null && countersAtEnd != null) {
            countersAtEnd.forEach((series, value) -> {
                Double before = countersAtStart.get(series);
                if (before != null && value - before != 0) {
                    deltas.put(series, value - before);
                }
            });
        }
        return new Findings(seconds, processes, seconds > 0 && !pids.isEmpty() ? cpuTotal / seconds : 0, perDelivery, deltas);
    }

    private Map<Long, Long> ticks() {
        Map<Long, Long> result = new LinkedHashMap<>();
        for (long pid : pids) {
            Long ticks = cpuTicks(pid);
            if (ticks != null) {
                result.put(pid, ticks);
            }
        }
        return result;
    }

    /** utime + stime of the process, in clock ticks, or null when it cannot be read. */
    static Long cpuTicks(long pid) {
        try {
            return cpuTicksOf(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Fields 14 and 15 of {@code /proc/PID/stat}, counted after the command name, which may hold spaces. */
    static long cpuTicksOf(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // fields[0] is field 3 (state), so utime (14) is fields[11] and stime (15) is fields[12].
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** The Prometheus counters (series whose TYPE is counter) with their values. Null when there is no text. */
    static Map<String, Double> counters(String exposition) {
        if (exposition == null) {
            return null;
        }
        Set<String> counterNames = new HashSet<>();
        Map<String, Double> values = new LinkedHashMap<>();
        for (String line : exposition.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.split("\\s+");
                if (parts.length >= 4 && parts[3].equals("counter")) {
                    counterNames.add(parts[2]);
                }
                continue;
            }
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int valueStart = line.lastIndexOf(' ');
            if (valueStart < 0) {
                continue;
            }
            String series = line.substring(0, valueStart).trim();
            int brace = series.indexOf('{');
            String name = brace < 0 ? series : series.substring(0, brace);
            if (counterNames.contains(name) || counterNames.contains(name.replaceFirst("_total$", ""))) {
                try {
                    values.put(series, Double.parseDouble(line.substring(valueStart + 1).trim()));
                } catch (NumberFormatException ignored) {
                    // a value we cannot read is left out
                }
            }
        }
        return values;
    }

    /** Heap after a full GC, per process (null where jcmd could not tell). Call once, at the end: it stops the world. */
    public Map<Long, String> heapAfterGc() {
        Map<Long, String> heaps = new LinkedHashMap<>();
        for (long pid : pids) {
            heaps.put(pid, heapAfterGc(pid));
        }
        return heaps;
    }

    public boolean watchesProcesses() {
        return !pids.isEmpty();
    }

    /** Runs a full GC in the server and reads the heap in use after it; null when jcmd is not at hand. */
    private static String heapAfterGc(long pid) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        String javaHome = System.getenv("JAVA_HOME");
        if (javaHome != null && Files.isExecutable(Path.of(javaHome, "bin", "jcmd"))) {
            jcmd = Path.of(javaHome, "bin", "jcmd");
        }
        if (!Files.isExecutable(jcmd) || run(List.of(jcmd.toString(), Long.toString(pid), "GC.run")) == null) {
            return null;
        }
        String heap = run(List.of(jcmd.toString(), Long.toString(pid), "GC.heap_info"));
        if (heap == null) {
            return null;
        }
        return heapSummary(heap);
    }

    /**
     * The used and committed sizes from {@code GC.heap_info}'s first heap line (e.g. G1's
     * "garbage-first heap total reserved 6172672K, committed 139264K, used 37447K [...]"), or that line as it is.
     */
    static String heapSummary(String heapInfo) {
        String line = heapInfo.lines().skip(1).map(String::trim).filter(text -> !text.isEmpty()).findFirst().orElse("");
        Matcher used = Pattern.compile("used (\\d+)K").matcher(line);
        Matcher committed = Pattern.compile("committed (\\d+)K").matcher(line);
        if (used.find() && committed.find()) {
            return String.format(Locale.ROOT, "used %.1f MiB of %.1f MiB committed", Long.parseLong(used.group(1)) / 1024.0,
                    Long.parseLong(committed.group(1)) / 1024.0);
        }
        return line;
    }

    private static long clockTicks() {
        String answer = run(List.of("getconf", "CLK_TCK"));
        try {
            return answer == null ? 100 : Long.parseLong(answer.trim());
        } catch (NumberFormatException e) {
            return 100;
        }
    }

    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                return null;
            }
            return output;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
