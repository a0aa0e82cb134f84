package net.landht.ops;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hawkular.agent.prometheus.text.TextPrometheusMetricDataParser;
import org.hawkular.agent.prometheus.types.Counter;
import org.hawkular.agent.prometheus.types.Gauge;
import org.hawkular.agent.prometheus.types.Histogram;
import org.hawkular.agent.prometheus.types.Metric;
import org.hawkular.agent.prometheus.types.MetricFamily;
import org.hawkular.agent.prometheus.types.Summary;

/**
 * Prometheus text format (0.0.4) read by an independent parser, Hawkular's {@code prometheus-scraper}. That parser
 * skips lines it cannot read instead of failing, so {@link #parse} also checks that every sample line of the text
 * became a sample of some family: a line the parser could not read fails the test.
 */
public final class PrometheusText {
    private final Map<String, MetricFamily> families;

    private PrometheusText(Map<String, MetricFamily> families) {
        this.families = families;
    }

    /** Parses {@code text}; fails when a sample line was not understood or a family name repeats. */
    public static PrometheusText parse(String text) {
        Map<String, MetricFamily> out = new LinkedHashMap<>();
        long parsedSamples = 0;
        try {
            TextPrometheusMetricDataParser parser = new TextPrometheusMetricDataParser(
                    new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
            MetricFamily f;
            while ((f = parser.parse()) != null) {
                if (out.put(f.getName(), f) != null) {
                    throw new AssertionError("metric family " + f.getName() + " appears twice");
                }
                for (Metric m : f.getMetrics()) {
                    parsedSamples += samples(m);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> sampleLines = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                sampleLines.add(line);
            }
        }
        if (parsedSamples != sampleLines.size()) {
            throw new AssertionError("the parser understood " + parsedSamples + " samples of " + sampleLines.size()
                    + " sample lines in:\n" + text);
        }
        return new PrometheusText(out);
    }

    private static long samples(Metric m) {
        if (m instanceof Summary s) {
            return 2 + s.getQuantiles().size();  // _count, _sum, one line per quantile
        }
        if (m instanceof Histogram h) {
            return 2 + h.getBuckets().size();
        }
        return 1;
    }

    public Map<String, MetricFamily> families() {
        return families;
    }

    /** The family, or an assertion error naming what there is. */
    public MetricFamily family(String name) {
        MetricFamily f = families.get(name);
        if (f == null) {
            throw new AssertionError("no metric family " + name + " in " + families.keySet());
        }
        return f;
    }

    /**
     * The value of the one counter or gauge sample of {@code family} whose labels include {@code labels}
     * (name, value, name, value...).
     */
    public double value(String family, String... labels) {
        List<Double> found = new ArrayList<>();
        for (Metric m : family(family).getMetrics()) {
            boolean match = true;
            for (int i = 0; i + 1 < labels.length; i += 2) {
                match &= labels[i + 1].equals(m.getLabels().get(labels[i]));
            }
            if (match) {
                found.add(m instanceof Counter c ? c.getValue() : m instanceof Gauge g ? g.getValue() : Double.NaN);
            }
        }
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " samples of " + family + " match " + List.of(labels));
        }
        return found.get(0);
    }

    /** The sum over every sample of a counter or gauge family. */
    public double sum(String family) {
        double sum = 0;
        for (Metric m : family(family).getMetrics()) {
            sum += m instanceof Counter c ? c.getValue() : m instanceof Gauge g ? g.getValue() : 0;
        }
        return sum;
    }
}
