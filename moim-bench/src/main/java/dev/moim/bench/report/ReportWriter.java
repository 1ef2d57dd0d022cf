package dev.moim.bench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import tools.jackson.databind.json.JsonMapper;

/** Writes result.json and chart.html into the run's output directory. */
public final class ReportWriter {

    private ReportWriter() {
    }

    public static void write(BenchReport report, Path directory, JsonMapper json) {
        try {
            Files.createDirectories(directory);
            json.writerWithDefaultPrettyPrinter().writeValue(directory.resolve("result.json").toFile(), report);
            Files.writeString(directory.resolve("chart.html"), ChartWriter.render(report));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the results to " + directory, e);
        }
    }
}
