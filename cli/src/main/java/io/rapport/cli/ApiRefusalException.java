package io.rapport.cli;

/**
 * The API answered a command's request with a status the command cannot go on from (401 without a
 * key, 404 for a wrong URL, a 5xx). Its message is the one line a person reads: the status, the
 * API's answer and, for 401 and 403, where a key goes.
 */
final class ApiRefusalException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ApiRefusalException(int status, String answer) {
        super("the API answered " + status + ": " + answer
                + (status == 401 || status == 403 ? " (give a key: --key or RAPPORT_API_KEY)" : ""));
    }
}
