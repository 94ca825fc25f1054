package org.losses4j.io;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed header dict of a {@code .npy} file, and the writer of NumPy-identical headers.
 *
 * <p>The dict is parsed with a small parser for the Python literals NumPy writes (strings, booleans,
 * integers, tuples), never by trusting fixed offsets, so keys may come in any order with any spacing
 * and trailing commas. Nothing in it is trusted: dims are range-checked and the total byte size is
 * computed with overflow checks before anyone allocates anything.
 */
final class NpyHeader {
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Data starts at a multiple of this many bytes, as in {@code numpy.lib.format.ARRAY_ALIGN}. */
    static final int ARRAY_ALIGN = 64;
    /** Spare header room NumPy leaves for growing the first axis ({@code GROWTH_AXIS_MAX_DIGITS}). */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    /** Largest header accepted on read; NumPy's own safety default is 10000 bytes. */
    static final int MAX_HEADER_LENGTH = 1 << 20;
    private static final int MAX_NESTING = 32;

    final NpyDType dtype;
    final boolean bigEndian;
    final boolean fortranOrder;
    /** Dims as declared, each in [0, Integer.MAX_VALUE]. */
    final int[] shape;
    /** Product of the dims (fits in a long, may exceed what a Java array holds). */
    final long count;
    /** count * itemSize (fits in a long). */
    final long byteSize;

    private NpyHeader(NpyDType dtype, boolean bigEndian, boolean fortranOrder, int[] shape, long count, long byteSize) {
        this.dtype = dtype;
        this.bigEndian = bigEndian;
        this.fortranOrder = fortranOrder;
        this.shape = shape;
        this.count = count;
        this.byteSize = byteSize;
    }

    String describe() {
        return "shape " + NpyArray.shapeString(shape) + " of " + dtype + " (" + byteSize + " bytes)";
    }

    // ------------------------------------------------------------------------------------------
    // Writing
    // ------------------------------------------------------------------------------------------

    /**
     * Magic, version, header length and the padded header dict, byte for byte what
     * {@code numpy.save} writes: version 1.0 unless the header does not fit in 65535 bytes.
     */
    static byte[] encode(NpyDType dtype, int[] shape) {
        StringBuilder h = new StringBuilder();
        h.append("{'descr': '").append(dtype.descr()).append("', 'fortran_order': False, 'shape': ")
                .append(NpyArray.shapeString(shape)).append(", }");
        if (shape.length > 0) {
            int digits = Integer.toString(shape[0]).length();
            for (int i = digits; i < GROWTH_AXIS_MAX_DIGITS; i++) h.append(' ');
        }
        byte[] v1 = wrap(h, 1);
        return v1 != null ? v1 : wrap(h, 2);
    }

    private static byte[] wrap(StringBuilder header, int major) {
        int lenBytes = major == 1 ? 2 : 4;
        long hlen = header.length() + 1L; // + '\n'
        long padlen = ARRAY_ALIGN - ((MAGIC.length + 2 + lenBytes + hlen) % ARRAY_ALIGN);
        long total = hlen + padlen;
        if (major == 1 && total > 0xFFFF) return null;
        byte[] text = header.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[(int) (MAGIC.length + 2 + lenBytes + total)];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        int p = MAGIC.length;
        out[p++] = (byte) major;
        out[p++] = 0;
        for (int i = 0; i < lenBytes; i++) out[p++] = (byte) (total >>> (8 * i));
        System.arraycopy(text, 0, out, p, text.length);
        p += text.length;
        for (int i = 0; i < padlen; i++) out[p++] = ' ';
        out[p] = '\n';
        return out;
    }

    // ------------------------------------------------------------------------------------------
    // Reading
    // ------------------------------------------------------------------------------------------

    static NpyHeader parse(String text, String source) throws NpyFormatException {
        Parser p = new Parser(text, source);
        Map<String, Parser.Span> dict = p.parseTopLevelDict();
        for (String key : dict.keySet()) {
            if (!key.equals("descr") && !key.equals("fortran_order") && !key.equals("shape")) {
                throw new NpyFormatException(source, "header has unexpected key '" + key
                        + "' (expected exactly 'descr', 'fortran_order' and 'shape')");
            }
        }
        for (String key : new String[] {"descr", "fortran_order", "shape"}) {
            if (!dict.containsKey(key)) {
                throw new NpyFormatException(source, "header is missing the '" + key + "' key");
            }
        }

        Parser.Span descr = dict.get("descr");
        boolean[] big = new boolean[1];
        NpyDType dtype = descr.value instanceof String ? NpyDType.fromDescr((String) descr.value, big) : null;
        if (dtype == null) {
            throw new NpyFormatException(source, "unsupported dtype " + descr.text
                    + " (supported: '<f4', '<f8', '<i8', '<i4', '|b1' and their big-endian forms)");
        }

        Parser.Span fo = dict.get("fortran_order");
        if (!(fo.value instanceof Boolean)) {
            throw new NpyFormatException(source, "header 'fortran_order' must be True or False, got " + fo.text);
        }

        Parser.Span sh = dict.get("shape");
        if (!(sh.value instanceof Parser.Tuple)) {
            throw new NpyFormatException(source, "header 'shape' must be a tuple of integers, got " + sh.text);
        }
        List<Object> items = ((Parser.Tuple) sh.value).items;
        int[] shape = new int[items.size()];
        for (int i = 0; i < shape.length; i++) {
            Object item = items.get(i);
            if (!(item instanceof Parser.Int)) {
                throw new NpyFormatException(source, "header 'shape' must be a tuple of integers, got " + sh.text);
            }
            Parser.Int dim = (Parser.Int) item;
            if (dim.negative && !dim.isZero()) {
                throw new NpyFormatException(source, "header declares a negative dimension in shape " + sh.text);
            }
            long v = dim.valueOrMinusOne();
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw new NpyFormatException(source, "header declares dimension " + dim.digits + " in shape " + sh.text
                        + ", larger than a Java array can hold");
            }
            shape[i] = (int) v;
        }

        long count = 1;
        boolean zero = false;
        for (int d : shape) zero |= d == 0;
        long byteSize;
        if (zero) {
            count = 0;
            byteSize = 0;
        } else {
            try {
                for (int d : shape) count = Math.multiplyExact(count, d);
                byteSize = Math.multiplyExact(count, dtype.itemSize());
            } catch (ArithmeticException e) {
                throw new NpyFormatException(source, "header declares shape " + NpyArray.shapeString(shape)
                        + " of " + dtype + " whose total size overflows 64 bits");
            }
        }
        return new NpyHeader(dtype, big[0], (Boolean) fo.value, shape, count, byteSize);
    }

    /** Parser for the subset of Python literal syntax found in .npy headers. */
    private static final class Parser {
        static final class Span {
            final Object value;
            final String text;

            Span(Object value, String text) {
                this.value = value;
                this.text = text;
            }
        }

        static final class Tuple {
            final List<Object> items;

            Tuple(List<Object> items) { this.items = items; }
        }

        static final class PyList {
            final List<Object> items;

            PyList(List<Object> items) { this.items = items; }
        }

        static final class Int {
            final boolean negative;
            final String digits;

            Int(boolean negative, String digits) {
                this.negative = negative;
                this.digits = digits;
            }

            boolean isZero() {
                for (int i = 0; i < digits.length(); i++) if (digits.charAt(i) != '0') return false;
                return true;
            }

            /** The magnitude, or -1 if it does not fit in a long. */
            long valueOrMinusOne() {
                int i = 0;
                while (i < digits.length() - 1 && digits.charAt(i) == '0') i++;
                String d = digits.substring(i);
                if (d.length() > 18) return -1;
                return Long.parseLong(d); // at most 18 ASCII digits: cannot overflow or fail
            }
        }

        private static final Object NONE = new Object();

        private final String s;
        private final String source;
        private int pos;

        Parser(String s, String source) {
            this.s = s;
            this.source = source;
        }

        Map<String, Span> parseTopLevelDict() throws NpyFormatException {
            skipSpace();
            expect('{');
            Map<String, Span> dict = new LinkedHashMap<>();
            skipSpace();
            while (peek() != '}') {
                Object key = parseValue(1);
                if (!(key instanceof String)) throw error("header dict keys must be strings");
                skipSpace();
                expect(':');
                skipSpace();
                int start = pos;
                Object value = parseValue(1);
                String text = s.substring(start, pos);
                if (dict.put((String) key, new Span(value, text)) != null) {
                    throw new NpyFormatException(source, "header has duplicate key '" + key + "'");
                }
                skipSpace();
                if (peek() == ',') {
                    pos++;
                    skipSpace();
                } else if (peek() != '}') {
                    throw error("expected ',' or '}'");
                }
            }
            pos++;
            skipSpace();
            if (pos != s.length()) throw error("unexpected text after the header dict");
            return dict;
        }

        private Object parseValue(int depth) throws NpyFormatException {
            if (depth > MAX_NESTING) throw error("nesting too deep");
            char c = peek();
            if (c == '\'' || c == '"') return parseString();
            if (c == '(' || c == '[') {
                char close = c == '(' ? ')' : ']';
                pos++;
                List<Object> items = new ArrayList<>();
                boolean sawComma = false;
                skipSpace();
                while (peek() != close) {
                    items.add(parseValue(depth + 1));
                    skipSpace();
                    if (peek() == ',') {
                        pos++;
                        sawComma = true;
                        skipSpace();
                    } else if (peek() != close) {
                        throw error("expected ',' or '" + close + "'");
                    }
                }
                pos++;
                if (close == ']') return new PyList(items);
                // Python: "(3)" is the int 3, "(3,)" and "()" are tuples.
                if (items.size() == 1 && !sawComma) return items.get(0);
                return new Tuple(items);
            }
            if (c == '-' || c == '+' || (c >= '0' && c <= '9')) return parseInt();
            if (Character.isLetter(c)) {
                int start = pos;
                while (pos < s.length() && Character.isLetterOrDigit(s.charAt(pos))) pos++;
                String word = s.substring(start, pos);
                switch (word) {
                    case "True": return Boolean.TRUE;
                    case "False": return Boolean.FALSE;
                    case "None": return NONE;
                    default:
                        pos = start;
                        throw error("unexpected name '" + (word.length() > 40 ? word.substring(0, 40) + "..." : word) + "'");
                }
            }
            throw error(pos >= s.length() ? "unexpected end of header" : "unexpected character '" + c + "'");
        }

        private Object parseInt() throws NpyFormatException {
            boolean negative = false;
            if (peek() == '-' || peek() == '+') {
                negative = s.charAt(pos) == '-';
                pos++;
                skipSpace();
            }
            int start = pos;
            while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') pos++;
            if (start == pos) throw error("expected digits");
            String digits = s.substring(start, pos);
            // Python 2 wrote long ints with an L suffix: (3L, 4L).
            if (pos < s.length() && (s.charAt(pos) == 'L' || s.charAt(pos) == 'l')) pos++;
            if (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '.')) {
                throw error("malformed number");
            }
            return new Int(negative, digits);
        }

        private String parseString() throws NpyFormatException {
            char quote = s.charAt(pos++);
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (pos >= s.length() || s.charAt(pos) == '\n') throw error("unterminated string");
                char c = s.charAt(pos++);
                if (c == quote) return sb.toString();
                if (c == '\\') {
                    if (pos >= s.length()) throw error("unterminated string");
                    sb.append(s.charAt(pos++));
                } else {
                    sb.append(c);
                }
            }
        }

        private char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        private void expect(char c) throws NpyFormatException {
            if (peek() != c) throw error("expected '" + c + "'");
            pos++;
        }

        private void skipSpace() {
            while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t'
                    || s.charAt(pos) == '\n' || s.charAt(pos) == '\r')) {
                pos++;
            }
        }

        private NpyFormatException error(String what) {
            return new NpyFormatException(source, "malformed header: " + what + " at offset " + pos
                    + " in " + abbreviate(s.strip()));
        }

        private static String abbreviate(String text) {
            StringBuilder sb = new StringBuilder("\"");
            int n = Math.min(text.length(), 100);
            for (int i = 0; i < n; i++) {
                char c = text.charAt(i);
                if (c >= 0x20 && c < 0x7f) sb.append(c);
                else sb.append(String.format("\\x%02x", (int) c));
            }
            if (text.length() > n) sb.append("...");
            return sb.append('"').toString();
        }
    }
}
