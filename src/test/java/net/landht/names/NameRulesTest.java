package net.landht.names;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NameRulesTest {
    @ParameterizedTest
    @ValueSource(strings = {"abc", "alice", "a-b_c", "nse2e-4d67c627", "0123456789abcdefghijklmnopqrstuv", "___"})
    void namesOfJamidsRuleAreKept(String name) {
        assertThat(NameRules.canonicalName(name)).isEqualTo(name);
    }

    @Test
    void upperCaseIsFoldedToLowerCase() {
        assertThat(NameRules.canonicalName("Alice-B")).isEqualTo("alice-b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ab", "0123456789abcdefghijklmnopqrstuvw", "al ice", "al.ice", "alice@host", "élise",
        "al/ice", "al%69ce", "alice\n"})
    void namesBreakingTheRuleAreRefused(String name) {
        assertThat(NameRules.canonicalName(name)).isNull();
    }

    @Test
    void idsAreAcceptedWithOrWithoutPrefixesAndKeptLowerCase() {
        String id = "b1338229a8d3b45b462f9b3657c4220aecbee92c";
        assertThat(NameRules.canonicalId(id)).isEqualTo(id);
        assertThat(NameRules.canonicalId("0x" + id)).isEqualTo(id);
        assertThat(NameRules.canonicalId("0X" + id.toUpperCase())).isEqualTo(id);
        assertThat(NameRules.canonicalId("ring:" + id)).isEqualTo(id);
        assertThat(NameRules.canonicalId(" " + id + " ")).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0x", "b1338229a8d3b45b462f9b3657c4220aecbee92",
        "b1338229a8d3b45b462f9b3657c4220aecbee92c0",
        "g1338229a8d3b45b462f9b3657c4220aecbee92c", "0000000000000000000000000000000000000000", "0x0x1338229a8d3b45b4"})
    void malformedOrZeroIdsAreRefused(String id) {
        assertThat(NameRules.canonicalId(id)).isNull();
    }
}
