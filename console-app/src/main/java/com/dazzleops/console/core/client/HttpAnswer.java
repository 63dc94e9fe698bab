package com.dazzleops.console.core.client;

/**
 * One raw HTTP exchange.
 *
 * @param status the HTTP status, or 0 when no answer came (then {@code error} says why)
 * @param body the body text ("" when none)
 * @param contentType the Content-Type header, or "" when none
 * @param error when {@code status == 0}: refused, timed out, DNS, TLS... as one line; with a status: why the body
 *              could not be read (e.g. too large); else null
 */
public record HttpAnswer(int status, String body, String contentType, String error) {

    public HttpAnswer {
        body = body == null ? "" : body;
        contentType = contentType == null ? "" : contentType;
    }

    public static HttpAnswer unreachable(String error) {
        return new HttpAnswer(0, "", "", error);
    }

    /** An answer whose body was not read because it is larger than the transport accepts. */
    public static HttpAnswer tooLarge(int status, String contentType, long size) {
        return new HttpAnswer(status, "", contentType, "body of " + size + " bytes is larger than the console reads");
    }

    public boolean reached() {
        return status != 0;
    }
}
