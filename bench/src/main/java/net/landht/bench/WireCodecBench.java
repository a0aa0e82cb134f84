package net.landht.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import net.landht.wire.DecodeResult;
import net.landht.wire.Message;
import net.landht.wire.WireDecoder;
import net.landht.wire.WireEncoder;

/**
 * Decode and encode of one captured datagram of each message kind. Run with {@code -prof gc} for bytes allocated
 * per operation ({@code gc.alloc.rate.norm}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WireCodecBench {
    @Param({"ping", "pong", "find", "find_reply", "get", "get_reply_values", "get_reply_fileds", "put", "put_ack",
            "listen", "listen_reply", "refresh", "error", "update", "value_part"})
    public String kind;

    private byte[] datagram;
    private Message message;

    @Setup
    public void setup() {
        datagram = BenchVectors.datagram(kind);
        DecodeResult r = WireDecoder.decode(datagram);
        if (!(r instanceof DecodeResult.Ok ok)) {
            throw new IllegalStateException(kind + " does not decode: " + r);
        }
        message = ok.message();
    }

    @Benchmark
    public DecodeResult decode() {
        return WireDecoder.decode(datagram);
    }

    @Benchmark
    public byte[] encode() {
        return WireEncoder.encode(message);
    }
}
