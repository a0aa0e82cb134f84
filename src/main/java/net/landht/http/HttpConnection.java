package net.landht.http;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * One client connection, after Netty's HTTP decoder: assembles each request with its body (refusing a body over the
 * bound from its {@code Content-Length}, before reading it, or as chunks come), queues pipelined requests and hands
 * them to their service one at a time, so answers leave in request order; keep-alive as the client asks
 * ({@code Connection: close} and HTTP/1.0 close after the answer); read, idle and write time limits
 * ({@link ConnectionTimers}). When it closes, the close listeners of its exchanges run (a proxy listen is cancelled
 * there). Every request's bytes are charged to the server's held-request budget ({@link HeldRequests}); a request
 * that does not fit is answered 503.
 *
 * <p>Not sharable: one instance per channel, used only on the channel's event loop. {@link #rawBytes()} is a second
 * handler that goes before the decoder and tells this one when request bytes arrive.
 */
final class HttpConnection extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(HttpConnection.class);

    private final ServerContext server;
    private final HttpLimits limits;
    private final HttpCounters counters;
    private final ArrayDeque<HttpExchange> queue = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private HttpRequest assembling;
    private ByteArrayOutputStream body;
    private HttpExchange current;
    private final HeldRequests held;
    private boolean reading;
    private boolean refusing;
    /** Reading stopped while {@link HttpLimits#maxPipelined} requests wait; it resumes when half are answered. */
    private boolean paused;
    private boolean closed;
    private ConnectionTimers timers;

    HttpConnection(ServerContext server) {
        this.server = server;
        this.limits = server.limits();
        this.counters = server.counters();
        this.held = new HeldRequests(server);
    }

    /** The handler to put before the HTTP decoder: it starts the read timer on a request's first bytes. */
    ChannelHandler rawBytes() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext c, Object msg) {
                if (msg instanceof ByteBuf b && b.isReadable()) {
                    requestBytesArrived();
                }
                c.fireChannelRead(msg);
            }
        };
    }

    HttpCounters counters() {
        return counters;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.timers = new ConnectionTimers(ctx.executor(), limits);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        armIdle();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (closed || refusing) {
                return;
            }
            if (msg instanceof HttpRequest req) {
                startRequest(req);
            }
            if (msg instanceof HttpContent content && assembling != null) {
                addContent(content);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void startRequest(HttpRequest req) {
        RequestHeadCheck.Problem problem = RequestHeadCheck.of(req, limits);
        if (problem != null) {
            refuse(problem.status(), problem.why(), problem.message());
            return;
        }
        long length = HttpUtil.getContentLength(req, -1L);
        if (!held.holdHead(req)) {
            refuseBusy();
            return;
        }
        assembling = req;
        body = new ByteArrayOutputStream((int) Math.max(0, Math.min(length, 4096)));
        if (HttpUtil.is100ContinueExpected(req) && current == null && queue.isEmpty()) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
    }

    private void addContent(HttpContent content) {
        if (!content.decoderResult().isSuccess()) {
            refuse(HttpResponseStatus.BAD_REQUEST, HttpCounters.Refusal.BAD_REQUEST, "Bad request body");
            return;
        }
        ByteBuf b = content.content();
        if (body.size() + b.readableBytes() > limits.maxBodyBytes()) {
            refuse(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, HttpCounters.Refusal.BODY_TOO_LARGE,
                    "Body larger than " + limits.maxBodyBytes() + " bytes");
            return;
        }
        if (b.isReadable()) {
            if (!held.holdBody(b.readableBytes())) {
                refuseBusy();
                return;
            }
            byte[] bytes = new byte[b.readableBytes()];
            b.getBytes(b.readerIndex(), bytes);
            body.writeBytes(bytes);
        }
        if (content instanceof LastHttpContent) {
            requestComplete();
        }
    }

    private void requestComplete() {
        HttpRequest req = assembling;
        byte[] bytes = body.toByteArray();
        assembling = null;
        body = null;
        reading = false;
        timers.readDone();
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        HttpExchange ex = new HttpExchange(this, ctx.channel().eventLoop(), req.method(), req.uri(), req.headers(),
                bytes, keepAlive, HttpVersion.HTTP_1_0.equals(req.protocolVersion()),
                (InetSocketAddress) ctx.channel().remoteAddress());
        held.requestRead(ex);
        queue.add(ex);
        if (held.waitingOverBound()) {
            counters.refuse(HttpCounters.Refusal.PIPELINE_FULL);
            LOG.debug("HTTP {}: {} requests waiting, closing", ctx.channel().remoteAddress(), queue.size());
            closeNow();
            return;
        }
        dispatchNext();
        if (!closed && !paused && queue.size() >= limits.maxPipelined()) {
            paused = true;  // the requests already read are answered; the client's further bytes wait in the kernel
            ctx.channel().config().setAutoRead(false);
            timers.paused(this::stalled);
        }
    }

    /** No answer completed for the read time while reading was paused (e.g. requests behind a listen stream). */
    private void stalled() {
        if (paused && !closed && !refusing) {
            counters.refuse(HttpCounters.Refusal.PIPELINE_FULL);
            LOG.debug("HTTP {}: {} requests waiting without progress, closing", ctx.channel().remoteAddress(),
                    queue.size());
            closeNow();
        }
    }

    /** Hands the next queued request to its service while none is being answered. */
    private void dispatchNext() {
        while (current == null && !queue.isEmpty() && !closed) {
            HttpExchange ex = queue.poll();
            held.dispatched(ex);
            current = ex;
            timers.busy();
            HttpService service = server.router().find(ex.path());
            try {
                if (service == null) {
                    ex.respond(HttpResponseStatus.NOT_FOUND, JsonText.error("Not found"));
                } else {
                    service.handle(ex);
                }
            } catch (RuntimeException e) {
                counters.refuse(HttpCounters.Refusal.HANDLER_ERROR);
                LOG.warn("HTTP {}: handler failed: {}", ex, e.toString(), e);
                if (!ex.answered()) {
                    ex.respond(HttpResponseStatus.INTERNAL_SERVER_ERROR, JsonText.error("Internal server error"));
                } else {
                    closeNow();
                }
            }
        }
        if (paused && !closed && !refusing && queue.size() <= limits.maxPipelined() / 2) {
            paused = false;
            timers.resumed();
            ctx.channel().config().setAutoRead(true);
        }
        if (current == null && queue.isEmpty() && !reading) {
            armIdle();
        }
    }

    /** The answer of {@code ex} is complete with {@code last}; the next request may go. */
    void finish(HttpExchange ex, Object last, boolean close) {
        held.release(ex);
        if (closed) {
            ReferenceCountUtil.release(last);
            return;
        }
        if (close) {
            refusing = true;
            ctx.writeAndFlush(last).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.writeAndFlush(last);
        if (ex == current) {
            current = null;
            if (paused) {
                timers.paused(this::stalled);
            }
            dispatchNext();
        }
    }

    /** Writes and flushes part of an answer. */
    void write(Object msg) {
        if (closed) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.writeAndFlush(msg);
    }

    /**
     * Whether a stream chunk of {@code bytes} may be queued: within this connection's bound, and within the bound of
     * all connections unless nothing waits here yet.
     */
    boolean canQueue(int bytes) {
        ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
        long mine = out == null ? 0 : out.totalPendingWriteBytes();
        return mine + bytes <= limits.maxQueuedBytes()
                && (mine == 0 || server.queuedTotal().get() + bytes <= limits.maxQueuedBytesTotal());
    }

    /** Writes a stream chunk of {@code bytes}, counted in the all-connections total until the socket takes it. */
    void writeChunk(Object chunk, int bytes) {
        if (closed) {
            ReferenceCountUtil.release(chunk);
            return;
        }
        server.queuedTotal().addAndGet(bytes);
        ctx.writeAndFlush(chunk).addListener(f -> server.queuedTotal().addAndGet(-bytes));
    }

    /** Closes a connection whose reader does not keep up. */
    void closeSlowReader() {
        if (!closed && !refusing) {
            counters.refuse(HttpCounters.Refusal.SLOW_READER);
            LOG.debug("HTTP {}: reader too slow, closing", ctx.channel().remoteAddress());
            closeNow();
        }
    }

    /**
     * Closes the connection on landht's initiative: the rest of the bytes already read, and the partial request the
     * decoder hands over when the channel closes, are ignored rather than counted as bad requests.
     */
    private void closeNow() {
        refusing = true;
        ctx.close();
    }

    /**
     * Refuses the request being read: answers {@code status} and closes when nothing else is being answered, else
     * just closes (an answer cannot jump the queue). The rest of the input is not read.
     */
    private void refuse(HttpResponseStatus status, HttpCounters.Refusal why, String message) {
        counters.refuse(why);
        counters.request(HttpCounters.HTTP_LAYER, status.code());
        refusing = true;
        reading = false;
        assembling = null;
        body = null;
        held.releaseReading();
        timers.readDone();
        ctx.channel().config().setAutoRead(false);
        LOG.debug("HTTP {}: {} ({})", ctx.channel().remoteAddress(), status, message);
        if (current == null && queue.isEmpty()) {
            ctx.writeAndFlush(Responses.errorAndClose(status, message)).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }

    private void requestBytesArrived() {
        if (reading || refusing || closed) {
            return;
        }
        reading = true;
        timers.readStarted(() -> {
            if (reading && !closed) {
                counters.refuse(HttpCounters.Refusal.READ_TIMEOUT);
                if (current == null && queue.isEmpty() && !refusing) {
                    refuse408();
                } else {
                    closeNow();
                }
            }
        });
    }

    private void refuse408() {
        counters.request(HttpCounters.HTTP_LAYER, HttpResponseStatus.REQUEST_TIMEOUT.code());
        refusing = true;
        ctx.channel().config().setAutoRead(false);
        ctx.writeAndFlush(Responses.errorAndClose(HttpResponseStatus.REQUEST_TIMEOUT, "Request not received in time"))
                .addListener(ChannelFutureListener.CLOSE);
    }

    private void armIdle() {
        if (closed) {
            return;
        }
        timers.idle(() -> {
            if (!closed && current == null && queue.isEmpty() && !reading) {
                counters.closedIdle();
                closeNow();
            }
        });
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        timers.writability(ctx.channel().isWritable(), () -> {
            if (!ctx.channel().isWritable()) {
                closeSlowReader();
            }
        });
        ctx.fireChannelWritabilityChanged();
    }

    /** Refuses the request being read: the request bytes held on all connections are at their bound. */
    private void refuseBusy() {
        refuse(HttpResponseStatus.SERVICE_UNAVAILABLE, HttpCounters.Refusal.SERVER_BUSY, "Server busy, try later");
    }


    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        timers.cancelAll();
        held.releaseReading();
        if (current != null) {
            held.release(current);
            current.connectionClosed();
            current = null;
        }
        queue.forEach(held::release);
        queue.forEach(HttpExchange::connectionClosed);
        queue.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("HTTP {}: closed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
