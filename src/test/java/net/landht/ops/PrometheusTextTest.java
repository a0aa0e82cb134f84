package net.landht.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The test helper must not pass text its parser skipped. */
class PrometheusTextTest {

    @Test
    void wellFormedTextParsesIntoFamiliesAndValues() {
        PrometheusText t = PrometheusText.parse("# HELP x_total h\n# TYPE x_total counter\nx_total{a=\"b\"} 1.0\n"
                + "x_total{a=\"c\"} 2.0\n# TYPE g gauge\ng 3\n");

        assertThat(t.value("x_total", "a", "c")).isEqualTo(2.0);
        assertThat(t.sum("x_total")).isEqualTo(3.0);
        assertThat(t.value("g")).isEqualTo(3.0);
    }

    @Test
    void aSampleLineTheParserCannotReadFails() {
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE x_total counter\nx_total{a=\"b\" 1.0\n"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("understood 0 samples of 1");
    }
}
