package net.landht.ops;

import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The requests/replies chart of the status page as inline SVG, drawn from {@code history} of {@link StatusJson}:
 * the newest sample at the right edge, one hour ({@code capacity} samples) across, the y axis from 0 to a round
 * maximum. {@code status.js} redraws it the same way from each reload; {@code data-samples} on the {@code svg}
 * counts the samples drawn.
 */
final class StatusChart {
    /** viewBox width and height; the SVG scales to its box (CSS), the strokes do not. */
    static final int WIDTH = 600;
    static final int HEIGHT = 160;

    private StatusChart() {
    }

    /** The {@code <svg>} element, HTML-escaped where it carries text. */
    static String svg(JsonNode history) {
        JsonNode samples = history.path("samples");
        int capacity = Math.max(2, history.path("capacity").asInt(2));
        double max = niceMax(samples);
        StringBuilder b = new StringBuilder();
        b.append("<svg id=\"chart\" class=\"chart\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"requests and replies per second,"
                        + " last hour\" data-samples=\"").append(samples.size()).append("\" data-max=\"")
                .append(fmt(max)).append("\">");
        for (int i = 1; i < 4; i++) {
            int y = HEIGHT * i / 4;
            b.append("<line class=\"grid\" x1=\"0\" x2=\"").append(WIDTH).append("\" y1=\"").append(y)
                    .append("\" y2=\"").append(y).append("\"/>");
        }
        b.append("<polyline id=\"chart-requests\" class=\"requests\" points=\"")
                .append(points(samples, "requests_per_second", capacity, max)).append("\"/>");
        b.append("<polyline id=\"chart-replies\" class=\"replies\" points=\"")
                .append(points(samples, "replies_per_second", capacity, max)).append("\"/>");
        return b.append("</svg>").toString();
    }

    /** The y axis' top: the largest rate rounded up to 1, 2 or 5 × 10^n, at least 1. */
    static double niceMax(JsonNode samples) {
        double m = 0;
        for (JsonNode s : samples) {
            m = Math.max(m, Math.max(s.path("requests_per_second").asDouble(), s.path("replies_per_second")
                    .asDouble()));
        }
        if (m <= 1) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(m)));
        for (double f : new double[] {1, 2, 5, 10}) {
            if (f * p >= m) {
                return f * p;
            }
        }
        return 10 * p;
    }

    /** {@code "x,y x,y ..."} for one series; x from the right edge, one step per sample. */
    static String points(JsonNode samples, String field, int capacity, double max) {
        StringBuilder b = new StringBuilder();
        int n = samples.size();
        double step = (double) WIDTH / (capacity - 1);
        for (int i = 0; i < n; i++) {
            double x = WIDTH - (n - 1 - i) * step;
            double y = HEIGHT - Math.min(1, samples.get(i).path(field).asDouble() / max) * HEIGHT;
            if (i > 0) {
                b.append(' ');
            }
            b.append(fmt(x)).append(',').append(fmt(y));
        }
        return b.toString();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
