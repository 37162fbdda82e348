package dev.salescrm.lead.lead;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.springframework.core.io.buffer.DataBuffer;

/**
 * A push parser for RFC 4180 CSV: bytes in, complete records out, nothing kept but the record
 * being read. Works on bytes — quote, comma, CR and LF never occur inside a UTF-8 multi-byte
 * sequence — and decodes each field as UTF-8 when it is complete, so a character split between
 * two network buffers is whole again. Quoted fields may hold commas, line breaks and doubled
 * quotes; CRLF, LF and CR end a record; a leading UTF-8 BOM is skipped; blank lines are skipped.
 */
final class CsvRecords {

    /** A record and the physical line it started on (1 = the first line of the file). */
    record Line(int line, List<String> fields) {
    }

    static final int MAX_RECORD_BYTES = 64 * 1024;

    private final ByteArrayOutputStream field = new ByteArrayOutputStream(128);
    private List<String> fields = new ArrayList<>();
    private int recordBytes;
    private boolean inQuotes;
    private boolean quoteInQuotes;
    private boolean fieldWasQuoted;
    private boolean lastWasCr;
    private int bomBytesSeen;
    private boolean started;
    private int line = 1;
    private int recordLine = 1;

    List<Line> feed(DataBuffer buffer) {
        List<Line> out = new ArrayList<>();
        int n = buffer.readableByteCount();
        for (int i = 0; i < n; i++) {
            accept(buffer.read(), out);
        }
        return out;
    }

    List<Line> feed(byte[] bytes) {
        List<Line> out = new ArrayList<>();
        for (byte b : bytes) {
            accept(b, out);
        }
        return out;
    }

    List<Line> finish() {
        List<Line> out = new ArrayList<>();
        if (inQuotes && !quoteInQuotes) {
            throw new IllegalArgumentException("the file ends inside a quoted field (line " + recordLine + ")");
        }
        inQuotes = false;
        quoteInQuotes = false;
        if (field.size() > 0 || !fields.isEmpty() || fieldWasQuoted) {
            endRecord(out);
        }
        return out;
    }

    private void accept(byte b, List<Line> out) {
        if (!started) {
            // Skip EF BB BF at the very start.
            if (bomBytesSeen < 3 && (b & 0xff) == new int[] {0xEF, 0xBB, 0xBF}[bomBytesSeen]) {
                bomBytesSeen++;
                if (bomBytesSeen == 3) {
                    started = true;
                }
                return;
            }
            started = true;
            for (int i = 0; i < bomBytesSeen; i++) {
                append((byte) new int[] {0xEF, 0xBB, 0xBF}[i]);
            }
        }
        if (++recordBytes > MAX_RECORD_BYTES) {
            throw new IllegalArgumentException("a record longer than " + MAX_RECORD_BYTES + " bytes (line " + recordLine + ")");
        }
        if (inQuotes) {
            if (quoteInQuotes) {
                quoteInQuotes = false;
                if (b == '"') {
                    append(b);
                    return;
                }
                inQuotes = false; // the quote closed the field; b is read as outside quotes
            } else if (b == '"') {
                quoteInQuotes = true;
                return;
            } else {
                if (b == '\n') {
                    line++;
                }
                append(b);
                return;
            }
        }
        if (b == '\n' && lastWasCr) {
            lastWasCr = false;
            recordBytes = 0;
            return;
        }
        lastWasCr = false;
        switch (b) {
            case '"' -> {
                if (field.size() == 0 && !fieldWasQuoted) {
                    inQuotes = true;
                    fieldWasQuoted = true;
                } else {
                    append(b); // a stray quote inside an unquoted field is kept as written
                }
            }
            case ',' -> endField();
            case '\r', '\n' -> {
                lastWasCr = b == '\r';
                line++;
                endRecord(out);
            }
            default -> append(b);
        }
    }

    private void append(byte b) {
        field.write(b);
    }

    private void endField() {
        fields.add(field.toString(StandardCharsets.UTF_8));
        field.reset();
        fieldWasQuoted = false;
    }

    private void endRecord(List<Line> out) {
        endField();
        if (!(fields.size() == 1 && fields.getFirst().isEmpty())) {
            out.add(new Line(recordLine, List.copyOf(fields)));
        }
        fields = new ArrayList<>();
        recordBytes = 0;
        recordLine = line;
    }
}
