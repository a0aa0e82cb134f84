package net.landht.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ConfigKeysTest {
    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    /** Every component of every NodeConfig section record, as dotted kebab-case keys, in declaration order. */
    private static List<String> keysFromNodeConfig() {
        List<String> keys = new ArrayList<>();
        for (RecordComponent section : NodeConfig.class.getRecordComponents()) {
            for (RecordComponent c : section.getType().getRecordComponents()) {
                keys.add(kebab(section.getName()) + "." + kebab(c.getName()));
            }
        }
        return keys;
    }

    @Test
    void keysAreExactlyNodeConfigsComponentsInOrder() {
        assertThat(List.copyOf(ConfigKeys.TYPES.keySet())).containsExactlyElementsOf(keysFromNodeConfig());
    }

    @Test
    void sectionsAreNodeConfigsComponentsInOrder() {
        List<String> sections = new ArrayList<>();
        for (RecordComponent section : NodeConfig.class.getRecordComponents()) {
            sections.add(section.getName());
        }
        assertThat(ConfigKeys.SECTIONS).containsExactlyElementsOf(sections);
    }

    @Test
    void shippedFileListsEveryKeyInOrderWithAComment() throws IOException {
        List<String> found = new ArrayList<>();
        String section = null;
        Pattern sectionLine = Pattern.compile("^([a-z-]+):\\s*$");
        Pattern keyLine = Pattern.compile("^  ([a-z0-9-]+):\\s*\\S.*#\\s*\\S.*$");
        for (String line : Files.readAllLines(Path.of("config/landht.yaml"))) {
            Matcher s = sectionLine.matcher(line);
            Matcher k = keyLine.matcher(line);
            if (s.matches()) {
                section = s.group(1);
            } else if (k.matches()) {
                found.add(section + "." + k.group(1));
            }
        }
        assertThat(found).containsExactlyElementsOf(ConfigKeys.TYPES.keySet());
    }

    @Test
    void valuesRoundTripThroughBuild() {
        NodeConfig defaults = NodeConfig.defaults();
        assertThat(ConfigKeys.build(ConfigKeys.valuesOf(defaults), Path.of("unused"))).isEqualTo(defaults);
    }

    @Test
    void environmentNamesAreUpperSnakeCase() {
        assertThat(ConfigKeys.envName("dht.network-id")).isEqualTo("LANDHT_DHT_NETWORK_ID");
        assertThat(ConfigKeys.envName("limits.per-source-requests-per-second"))
                .isEqualTo("LANDHT_LIMITS_PER_SOURCE_REQUESTS_PER_SECOND");
        assertThat(ConfigKeys.BY_ENV_NAME).hasSize(ConfigKeys.TYPES.size());
    }
}
