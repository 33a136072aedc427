package org.crystalgan.io.mp;

import org.crystalgan.crystal.InputException;

/**
 * A Materials Project request that failed in a way the user can act on (key, network, service).
 * Messages name the URL without the key (the key travels in a header, never in the URL).
 */
public class MpException extends InputException {
    public MpException(String message) { super(message); }

    public MpException(String message, Throwable cause) { super(message, cause); }

    /** The service refused the API key (HTTP 401 or 403), or the key is a retired legacy key. */
    public static final class KeyRejected extends MpException {
        public KeyRejected(String message) { super(message); }
    }

    /** The service answered, but not with the JSON documents the API documents. */
    public static final class MalformedResponse extends MpException {
        public MalformedResponse(String message, Throwable cause) { super(message, cause); }
    }

    /** The request kept failing (429, 5xx or time-outs) after the allowed retries. */
    public static final class Unavailable extends MpException {
        private final int status;

        public Unavailable(String message, int status, Throwable cause) {
            super(message, cause);
            this.status = status;
        }

        /** The last HTTP status, or 0 when no answer came (time-out, connection refused). */
        public int status() { return status; }
    }
}
