package net.landht.http;

import java.util.List;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;

/**
 * Whether a request head from Netty's decoder can be served, before any of its body is read: the decoder's own
 * verdict (line and header bounds, malformed HTTP), a readable {@code Content-Length} within the body bound, no
 * transfer coding but {@code chunked} (RFC 9112 §6.1: 501; Netty reads {@code gzip, chunked} as chunked) and no
 * expectation but {@code 100-continue} (RFC 9110 §10.1.1: 417). Stateless.
 */
final class RequestHeadCheck {
    /** Why a request is refused: the status to answer, the counter, the message of the JSON error. */
    record Problem(HttpResponseStatus status, HttpCounters.Refusal why, String message) {
    }

    private RequestHeadCheck() {
    }

    /** The problem of {@code req} under {@code limits}, or null when it can be served. */
    static Problem of(HttpRequest req, HttpLimits limits) {
        DecoderResult r = req.decoderResult();
        if (!r.isSuccess()) {
            Throwable cause = r.cause();
            if (cause instanceof TooLongHttpLineException) {
                return new Problem(HttpResponseStatus.REQUEST_URI_TOO_LONG, HttpCounters.Refusal.URI_TOO_LONG,
                        "Request line longer than " + limits.maxRequestLineBytes() + " bytes");
            }
            if (cause instanceof TooLongHttpHeaderException) {
                return new Problem(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                        HttpCounters.Refusal.HEADERS_TOO_LARGE,
                        "Headers larger than " + limits.maxHeaderBytes() + " bytes");
            }
            return new Problem(HttpResponseStatus.BAD_REQUEST, HttpCounters.Refusal.BAD_REQUEST, "Bad request");
        }
        long length;
        try {
            length = HttpUtil.getContentLength(req, -1L);
        } catch (NumberFormatException e) {
            return new Problem(HttpResponseStatus.BAD_REQUEST, HttpCounters.Refusal.BAD_REQUEST, "Bad Content-Length");
        }
        List<String> codings = req.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING);
        if (!codings.isEmpty() && !(codings.size() == 1 && codings.get(0).trim().equalsIgnoreCase("chunked"))) {
            return new Problem(HttpResponseStatus.NOT_IMPLEMENTED, HttpCounters.Refusal.BAD_REQUEST,
                    "Transfer-Encoding other than chunked");
        }
        for (String e : req.headers().getAll(HttpHeaderNames.EXPECT)) {
            if (!e.trim().equalsIgnoreCase("100-continue")) {
                return new Problem(HttpResponseStatus.EXPECTATION_FAILED, HttpCounters.Refusal.BAD_REQUEST,
                        "Expectation other than 100-continue");
            }
        }
        if (length > limits.maxBodyBytes()) {
            return new Problem(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, HttpCounters.Refusal.BODY_TOO_LARGE,
                    "Body larger than " + limits.maxBodyBytes() + " bytes");
        }
        return null;
    }
}
