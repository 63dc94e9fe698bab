package com.dazzleops.model.json;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * String escaping as FastAPI's {@code json.dumps(ensure_ascii=False)} does it: the short forms for {@code \b \t \n
 * \f \r}, and the other control characters as {@code &#92;u00XX} with LOWERCASE hex (Jackson's default is uppercase).
 * Non-ASCII is written as is.
 */
final class PythonEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private final int[] asciiEscapes;

    PythonEscapes() {
        int[] codes = CharacterEscapes.standardAsciiEscapesForJSON();
        for (int c = 0; c < 0x20; c++) {
            if (c != '\b' && c != '\t' && c != '\n' && c != '\f' && c != '\r') {
                codes[c] = CharacterEscapes.ESCAPE_CUSTOM;
            }
        }
        this.asciiEscapes = codes;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
        return asciiEscapes;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        if (ch >= 0x20) {
            return null; // Jackson asks for every non-ASCII char too: write it as is
        }
        return new SerializedString("\\u00" + HEX[(ch >> 4) & 0xf] + HEX[ch & 0xf]);
    }
}
