package org.crystalgan.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jackson's parse errors in words a chemist can act on: Jackson names its own switches
 * ({@code JsonReadFeature.ALLOW_...}, {@code StreamReadConstraints.getMax...}) that a user of
 * this program cannot set, so each common case is said as what is wrong in the file.
 */
public final class JsonMessages {
    private static final Pattern CHAR = Pattern.compile("Unexpected character \\('(.+?)' \\(code (\\d+)\\)\\)");
    private static final Pattern TOKEN = Pattern.compile("Unrecognized token '(.*?)'");
    private static final Pattern NON_STANDARD = Pattern.compile("Non-standard token '(.*?)'");
    private static final Pattern CTRL = Pattern.compile("Illegal unquoted character \\(\\((.*?)\\)\\)");

    private JsonMessages() {}

    /** The 1-based line of the error, or 0. */
    public static int line(JsonProcessingException e) {
        return e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
    }

    /** What is wrong, with the column when Jackson knows it; never a Jackson class or feature name. */
    public static String describe(JsonProcessingException e) {
        String at = e.getLocation() != null && e.getLocation().getColumnNr() > 0 ? " (column " + e.getLocation().getColumnNr() + ")" : "";
        return "not valid JSON: " + words(e) + at;
    }

    static String words(JsonProcessingException e) {
        String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof StreamConstraintsException) {
            if (m.startsWith("Number value length")) return "a number with more digits than any measurement has (over 1000)";
            if (m.startsWith("String value length")) return "a text value far longer than any structure file needs";
            if (m.contains("nesting depth")) return "lists or objects nested more deeply than any structure file nests them (over 1000 levels)";
            if (m.startsWith("Document length")) return "the document is longer than the reader accepts";
            if (m.startsWith("Name length")) return "a field name far longer than any structure file uses";
            return "a value beyond the reader's size limits";
        }
        Matcher nonStd = NON_STANDARD.matcher(m);
        if (nonStd.find()) return "'" + nonStd.group(1) + "' is not a JSON number (write a number, or null)";
        if (m.startsWith("Unexpected end-of-input")) {
            if (m.contains("String")) return "the file ends inside a quoted text (truncated file?)";
            return "the file ends before all its lists and objects are closed (truncated file?)";
        }
        Matcher ctrl = CTRL.matcher(m);
        if (ctrl.find()) {
            return "a control character (" + ctrl.group(1).toLowerCase(Locale.ROOT) + ") inside a quoted text; line breaks and tabs there must be written \\n and \\t";
        }
        Matcher c = CHAR.matcher(m);
        if (c.find()) {
            String ch = c.group(1);
            int code = Integer.parseInt(c.group(2));
            if (code == '\'') return "single quotes are not JSON: text and field names need double quotes (Python's print of a dict is not JSON; write it with json.dump)";
            if (code == '/' || code == '#') return "comments are not allowed in JSON";
            if (m.contains("double-quote to start field name")) {
                return ch.equals("}") ? "a comma before '}' (JSON allows no trailing comma)" : "a field name must be in double quotes (found '" + ch + "')";
            }
            if (m.contains("was expecting comma")) return "a comma is missing before '" + ch + "'";
            if (m.contains("was expecting a colon")) return "a ':' is missing after a field name (found '" + ch + "')";
            if (ch.equals("]") || ch.equals(",")) return "a value is missing before '" + ch + "' (an extra comma?)";
            if (m.contains("Leading zeroes") || m.contains("leading zero")) return "a number with leading zeros";
            return "unexpected '" + ch + "' where a value should be";
        }
        if (m.contains("Leading zeroes") || m.contains("leading zero")) return "a number with leading zeros";
        Matcher t = TOKEN.matcher(m);
        if (t.find()) {
            String w = CifParser.abbreviate(t.group(1));
            return "'" + w + "' is not a JSON value (text must be in double quotes; numbers, true, false and null are written bare)";
        }
        if (m.contains("Invalid UTF-8") || m.contains("Invalid UTF")) return "bytes that are not UTF-8 text";
        if (m.contains("Unexpected close marker")) return "a '" + (m.contains("']'") ? "]" : "}") + "' that closes nothing";
        // whatever else Jackson says, keep its first sentence and drop the names of its switches
        String first = m.lines().findFirst().orElse("").replaceAll("\\s*\\(?[^()]*`[^`]*`[^()]*\\)?", "").replaceAll("\\s*at \\[Source.*", "");
        return first.isBlank() ? "the text cannot be read as JSON" : first.strip();
    }
}
