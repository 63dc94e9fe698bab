package com.dazzleops.server.entity;

import com.dazzleops.server.spec.EntitySpec;
import com.dazzleops.server.spec.FieldSpec;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** RFC 4180 CSV of rendered rows (header = field names), for {@code ?format=csv}. */
final class Csv {

    private Csv() {
    }

    static byte[] write(EntitySpec e, List<Map<String, Object>> rows) {
        StringBuilder sb = new StringBuilder();
        List<FieldSpec> fields = e.fields();
        for (int i = 0; i < fields.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(cell(fields.get(i).name()));
        }
        sb.append("\r\n");
        for (Map<String, Object> r : rows) {
            for (int i = 0; i < fields.size(); i++) {
                Object v = r.get(fields.get(i).name());
                sb.append(i == 0 ? "" : ",").append(v == null ? "" : cell(v.toString()));
            }
            sb.append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String cell(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
