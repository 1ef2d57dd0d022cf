package dev.moim.bench.report;

import org.HdrHistogram.Histogram;

/** Latency figures in milliseconds, from a histogram recorded in microseconds. */
public record Latency(long count, double p50, double p90, double p99, double p999, double max, double mean) {

    public static final Latency NONE = new Latency(0, 0, 0, 0, 0, 0, 0);

    public static Latency of(Histogram micros) {
        if (micros == null || micros.getTotalCount() == 0) {
            return NONE;
        }
        return new Latency(micros.getTotalCount(), ms(micros.getValueAtPercentile(50)), ms(micros.getValueAtPercentile(90)),
                ms(micros.getValueAtPercentile(99)), ms(micros.getValueAtPercentile(99.9)), ms(micros.getMaxValue()),
                Math.round(micros.getMean()) / 1000.0);
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
