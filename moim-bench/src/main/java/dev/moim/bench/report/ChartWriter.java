package dev.moim.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import dev.moim.bench.load.DeliveryLedger;
import dev.moim.bench.load.PhaseResult;

/**
 * chart.html: one self-contained page with the run's throughput and latency per second, drawn here as inline SVG
 * (no scripts, nothing fetched), so it opens anywhere and can be attached to an issue as it is.
 */
public final class ChartWriter {

    private static final int WIDTH = 960;
    private static final int HEIGHT = 300;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 30;
    private static final int BOTTOM = 40;

    /** {@code dashed} keeps a line visible where it runs under another (sent under acknowledged). */
    private record Line(String name, String color, boolean dashed, double[] values) {
    }

    private ChartWriter() {
    }

    public static String render(BenchReport report) {
        List<Second> timeline = new ArrayList<>();
        List<long[]> phaseStarts = new ArrayList<>();
        for (PhaseResult phase : report.phases()) {
            phaseStarts.add(new long[] {timeline.size()});
            timeline.addAll(phase.seconds());
        }
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>moim-bench ")
                .append(escape(report.scenario())).append(' ').append(escape(report.startedAt())).append("</title>\n<style>")
                .append("body{font-family:system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse;margin:8px 0 24px}")
                .append("td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}th{background:#f4f4f4}")
                .append("svg{background:#fff;border:1px solid #ddd;margin-bottom:24px}</style></head><body>\n");
        html.append("<h1>moim-bench ").append(escape(report.scenario())).append("</h1>\n<p>Run ").append(escape(report.run()))
                .append(", started ").append(escape(report.startedAt())).append(", ").append(report.connections())
                .append(" connections.").append(report.conclusion() == null ? "" : " " + escape(report.conclusion())).append("</p>\n");
        html.append(table(report));
        html.append(chart("Throughput per second", "messages or deliveries / s", timeline, phaseStarts, report,
                List.of(line("acknowledged", "#2ca02c", false, timeline, Second::acknowledged),
                        line("sent", "#1f77b4", true, timeline, Second::sent),
                        line("delivered", "#ff7f0e", false, timeline, Second::delivered))));
        html.append(chart("Latency per second (from intended send to delivery)", "ms", timeline, phaseStarts, report,
                List.of(line("p50", "#2ca02c", false, timeline, Second::p50), line("p99", "#d62728", false, timeline, Second::p99),
                        line("max", "#9467bd", true, timeline, Second::max))));
        html.append("<p>Grey background: warm-up and drain seconds, not measured. Full figures are in result.json.</p>\n</body></html>\n");
        return html.toString();
    }

    private static String table(BenchReport report) {
        StringBuilder table = new StringBuilder("<table><tr><th>phase</th><th>sent</th><th>acked</th><th>refused</th><th>expected</th>")
                .append("<th>received</th><th>missing</th><th>duplicates</th><th>p50 ms</th><th>p99 ms</th><th>p99.9 ms</th>")
                .append("<th>max ms</th><th>delivered/s</th></tr>\n");
        for (PhaseResult phase : report.phases()) {
            DeliveryLedger.Totals t = phase.totals();
            Latency l = phase.latency();
            table.append(String.format(Locale.ROOT,
                    "<tr><td>%s</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td><td>%.1f</td><td>%.1f</td><td>%.1f</td><td>%.1f</td><td>%.0f</td></tr>%n",
                    escape(phase.name()), t.sent(), t.acknowledged(), t.refused(), t.expected(), t.received(), t.missing(),
                    t.duplicates(), l.p50(), l.p99(), l.p999(), l.max(), phase.deliveredPerSecond()));
        }
        return table.append("</table>\n").toString();
    }

    private static Line line(String name, String color, boolean dashed, List<Second> timeline, ToDoubleFunction<Second> value) {
        return new Line(name, color, dashed, timeline.stream().mapToDouble(value).toArray());
    }

    private static String chart(String title, String unit, List<Second> timeline, List<long[]> phaseStarts,
                                BenchReport report, List<Line> lines) {
        int n = Math.max(1, timeline.size());
        double max = 0;
        for (Line line : lines) {
            for (double value : line.values()) {
                max = Math.max(max, value);
            }
        }
        double top = niceCeiling(max);
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<h2>%s</h2>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">\n",
                escape(title), WIDTH, HEIGHT, WIDTH, HEIGHT));
        // Seconds outside the measured window, shaded.
        for (int i = 0; i < timeline.size(); i++) {
            if (!timeline.get(i).measured()) {
                svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"#eee\"/>%n",
                        x(i, n, plotWidth), TOP, plotWidth / n, plotHeight));
            }
        }
        for (int tick = 0; tick <= 5; tick++) {
            double value = top * tick / 5;
            double y = TOP + plotHeight - plotHeight * tick / 5;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                            + "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%s</text>%n",
                    LEFT, y, WIDTH - RIGHT, y, LEFT - 6, y + 4, label(value)));
        }
        int step = Math.max(1, (int) niceCeiling(n / 12.0));
        for (int second = 0; second <= n; second += step) {
            double x = x(second, n, plotWidth);
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%d s</text>%n",
                    x, HEIGHT - BOTTOM + 16, second));
        }
        for (int p = 0; p < phaseStarts.size() && report.phases().size() > 1; p++) {
            double x = x(phaseStarts.get(p)[0], n, plotWidth);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>"
                            + "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" fill=\"#555\">%s</text>%n",
                    x, TOP, x, TOP + plotHeight, x + 3, TOP + 10, escape(report.phases().get(p).name())));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%.1f\" font-size=\"11\" transform=\"rotate(-90 14 %.1f)\" text-anchor=\"middle\">%s</text>%n",
                TOP + plotHeight / 2, TOP + plotHeight / 2, escape(unit)));
        int legendX = LEFT + 10;
        for (Line line : lines) {
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < line.values().length; i++) {
                double x = x(i + 0.5, n, plotWidth);
                double y = TOP + plotHeight - (top == 0 ? 0 : line.values()[i] / top * plotHeight);
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"%s points=\"%s\"/>%n",
                    line.color(), line.dashed() ? " stroke-dasharray=\"6 4\"" : "", points.toString().trim()));
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"8\" width=\"12\" height=\"4\" fill=\"%s\"/><text x=\"%d\" y=\"14\" font-size=\"12\">%s</text>%n",
                    legendX, line.color(), legendX + 16, escape(line.name())));
            legendX += 30 + 8 * line.name().length();
        }
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"#999\"/>%n",
                LEFT, TOP, plotWidth, plotHeight));
        return svg.append("</svg>\n").toString();
    }

    private static double x(double second, int n, double plotWidth) {
        return LEFT + plotWidth * second / n;
    }

    /** The smallest 1, 2 or 5 times a power of ten at or above {@code value}. */
    static double niceCeiling(double value) {
        if (value <= 0) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double factor : new double[] {1, 2, 5, 10}) {
            if (factor * power >= value) {
                return factor * power;
            }
        }
        return 10 * power;
    }

    private static String label(double value) {
        if (value >= 1_000_000) {
            return String.format(Locale.ROOT, "%.1fM", value / 1_000_000);
        }
        if (value >= 10_000) {
            return String.format(Locale.ROOT, "%.0fk", value / 1000);
        }
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
