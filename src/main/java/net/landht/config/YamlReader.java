package net.landht.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a landht YAML file into located entries, without knowing the keys: a mapping of sections, each a mapping of
 * keys to scalars or sequences of scalars. Uses Jackson's streaming parser so that every entry keeps its line.
 */
final class YamlReader {
    private static final YAMLFactory YAML = YAMLFactory.builder().build();
    private static final Pattern MARK = Pattern.compile("^ in '[^']*', line (\\d+), column \\d+:");
    /** SnakeYAML events as Jackson prints them ({@code <org.yaml.snakeyaml.events.SequenceStartEvent(...)>}). */
    private static final Pattern EVENT = Pattern.compile("<org\\.yaml\\.snakeyaml\\.events\\.(\\w+)Event\\([^>]*\\)>");

    /**
     * One entry in document order. A section gives an entry with a null {@code key} and, when it is not a mapping,
     * its value; a key gives an entry with both names and its value.
     */
    record Entry(String section, String key, RawValue value, int line) {
        String path() {
            return key == null ? section : section + "." + key;
        }
    }

    /** A file that is not a mapping of mappings ({@code syntax} false), or not YAML at all ({@code syntax} true). */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;
        final int line;
        final boolean syntax;

        Malformed(String message, int line, boolean syntax) {
            super(message);
            this.line = line;
            this.syntax = syntax;
        }
    }

    private final String fileName;
    private final JsonParser parser;

    private YamlReader(String fileName, JsonParser parser) {
        this.fileName = fileName;
        this.parser = parser;
    }

    /**
     * Reads every entry.
     *
     * @param fileName used in the origin of each value ({@code FILE line N})
     * @throws Malformed on a YAML syntax error, a non-mapping root or section, or a duplicate key
     */
    static List<Entry> read(Reader in, String fileName) throws IOException, Malformed {
        try (JsonParser p = YAML.createParser(in)) {
            return new YamlReader(fileName, p).document();
        } catch (JsonProcessingException e) {
            throw syntaxError(e);
        }
    }

    /**
     * SnakeYAML's messages interleave the problem with "in 'reader', line N" marks and a snippet of the file; keep
     * the problem's words, and the line of the last mark (where the problem was found).
     */
    private static Malformed syntaxError(JsonProcessingException e) {
        List<String> words = new ArrayList<>();
        int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
        for (String l : e.getOriginalMessage().split("\n")) {
            Matcher m = MARK.matcher(l);
            if (m.find()) {
                line = Integer.parseInt(m.group(1));
            } else if (!l.isBlank() && !Character.isWhitespace(l.charAt(0))) {
                words.add(l.strip());
            }
        }
        return new Malformed(plainEvents(String.join(", ", words)), line, true);
    }

    /** Replaces parser events in a message by what the admin wrote: a list, a mapping, a value. */
    static String plainEvents(String message) {
        return EVENT.matcher(message).replaceAll(m -> switch (m.group(1)) {
            case "SequenceStart" -> "a list";
            case "MappingStart" -> "a mapping";
            case "Scalar" -> "a value";
            case "Alias" -> "an alias";
            default -> "the end of a block";
        });
    }

    private List<Entry> document() throws IOException, Malformed {
        List<Entry> entries = new ArrayList<>();
        JsonToken t = parser.nextToken();
        if (t == null || t == JsonToken.VALUE_NULL) {
            return entries;  // empty file, or comments only
        }
        if (t != JsonToken.START_OBJECT) {
            throw new Malformed("the file must be a mapping of sections (dht:, storage:, ...)", line(), false);
        }
        Map<String, Integer> seenSections = new HashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String section = parser.currentName();
            int line = line();
            duplicate(seenSections, section, line);
            JsonToken v = parser.nextToken();
            if (v == JsonToken.START_OBJECT) {
                entries.add(new Entry(section, null, null, line));
                Map<String, Integer> seenKeys = new HashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    int keyLine = line();
                    duplicate(seenKeys, section + "." + key, keyLine);
                    parser.nextToken();
                    entries.add(new Entry(section, key, value(), keyLine));
                }
            } else if (v == JsonToken.VALUE_NULL) {
                entries.add(new Entry(section, null, null, line));
            } else {
                entries.add(new Entry(section, null, value(), line));
            }
        }
        if (parser.nextToken() != null) {
            throw new Malformed("more than one YAML document in the file", line(), false);
        }
        return entries;
    }

    private void duplicate(Map<String, Integer> seen, String name, int line) throws Malformed {
        Integer first = seen.putIfAbsent(name, line);
        if (first != null) {
            throw new Malformed("duplicate key '" + name + "' (first at line " + first + ")", line, false);
        }
    }

    /** The value at the current token; nested mappings and sequences are skipped and reported by kind. */
    private RawValue value() throws IOException {
        String origin = origin(line());
        JsonToken t = parser.currentToken();
        return switch (t) {
            case START_ARRAY -> {
                List<RawValue> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(value());
                }
                yield new RawValue(RawValue.Kind.LIST, null, items, origin);
            }
            case START_OBJECT -> {
                parser.skipChildren();
                yield new RawValue(RawValue.Kind.MAP, null, List.of(), origin);
            }
            case VALUE_STRING -> new RawValue(RawValue.Kind.STRING, parser.getText(), List.of(), origin);
            case VALUE_NUMBER_INT -> new RawValue(RawValue.Kind.INTEGER, parser.getBigIntegerValue().toString(),
                    List.of(), origin);
            case VALUE_NUMBER_FLOAT -> new RawValue(RawValue.Kind.FLOAT, parser.getText(), List.of(), origin);
            case VALUE_TRUE, VALUE_FALSE -> new RawValue(RawValue.Kind.BOOLEAN,
                    String.valueOf(t == JsonToken.VALUE_TRUE), List.of(), origin);
            case VALUE_NULL -> new RawValue(RawValue.Kind.NULL, null, List.of(), origin);
            default -> new RawValue(RawValue.Kind.STRING, parser.getText(), List.of(), origin);
        };
    }

    private int line() {
        return parser.currentTokenLocation().getLineNr();
    }

    private String origin(int line) {
        return fileName + " line " + line;
    }
}
