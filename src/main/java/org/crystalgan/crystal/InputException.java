package org.crystalgan.crystal;

/**
 * A problem with what the user gave us (a file, a formula, an option), with a message a chemist can
 * act on: which file, which line, what is wrong. The command line exits with status 1 on these and
 * the app shows them in a dialog; anything else is an internal error.
 */
public class InputException extends RuntimeException {
    public InputException(String message) { super(message); }

    public InputException(String message, Throwable cause) { super(message, cause); }
}
