package io.rapport.http.security;

/** What an API key may do: {@link #CLIENT} reads and posts events, {@link #ADMIN} also changes configuration and erases. */
public enum Role {
    CLIENT,
    ADMIN
}
