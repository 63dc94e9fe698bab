package com.dazzleops.server.events;

import com.dazzleops.model.json.Wire;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;

import java.io.IOException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Python {@code json.dumps(value)} rendering (", " and ": " separators, ASCII escapes) and the payload preview rule. */
public final class PyJson {

    private static final ObjectWriter WRITER = Wire.newMapper()
            .writer(new PySeparators())
            .with(JsonWriteFeature.ESCAPE_NON_ASCII);
    /** A \\uXXXX escape preceded by an even number of backslashes (so it is an escape, not escaped text). */
    private static final Pattern UPPER_HEX_ESCAPE = Pattern.compile("(?<!\\\\)((?:\\\\\\\\)*)\\\\u([0-9A-Fa-f]{4})");

    private PyJson() {
    }

    public static String dumps(JsonNode value) {
        String s;
        try {
            s = WRITER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        if (s.indexOf("\\u") < 0) {
            return s;
        }
        Matcher m = UPPER_HEX_ESCAPE.matcher(s);
        StringBuilder sb = new StringBuilder(s.length());
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + "\\u" + m.group(2).toLowerCase(Locale.ROOT)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Contract §4.3: first 100 characters of the dump; "..." appended when the cut result is exactly 100 long. */
    public static String preview(JsonNode payload) {
        String s = dumps(payload);
        String cut = s.length() > 100 ? s.substring(0, 100) : s;
        return cut.length() == 100 ? cut + "..." : cut;
    }

    private static final class PySeparators extends MinimalPrettyPrinter {
        private static final long serialVersionUID = 1L;

        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(": ");
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            g.writeRaw(", ");
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(", ");
        }
    }
}
