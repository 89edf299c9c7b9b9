package io.rapport.cli;

/**
 * The API took no request of a command for as long as the command waits ({@code ./rapport
 * replay}'s patience): its message is the one line a person reads, with what the API last did.
 */
final class ApiGoneException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ApiGoneException(String message, Throwable cause) {
        super(message, cause);
    }
}
