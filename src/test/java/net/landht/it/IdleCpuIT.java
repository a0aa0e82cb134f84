package net.landht.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import net.landht.it.support.FreePorts;
import net.landht.it.support.ItFixture;
import net.landht.it.support.LandhtProcess;
import net.landht.it.support.UdpProbe;

/**
 * A running landht that receives nothing uses next to no CPU: no busy timers, no polling. After a few pings and a
 * warm-up of {@link #WARM_UP_SECONDS} s (the JIT and start-up work settle), the process's user + system CPU time
 * ({@code /proc/PID/stat} fields 14 and 15) over {@link #IDLE_SECONDS} idle seconds must stay under
 * {@link #MAX_CPU_SECONDS} s, i.e. under 3 % of one core. The node runs as in production: ops endpoint and state
 * persistence on (peer discovery off: it would multicast on the host).
 */
class IdleCpuIT {
    static final int WARM_UP_SECONDS = 5;
    static final int IDLE_SECONDS = 10;
    static final double MAX_CPU_SECONDS = 0.3;

    @RegisterExtension
    final ItFixture it = ItFixture.withoutPrerequisites();

    @Test
    void anIdleNodeUsesNearlyNoCpu() throws Exception {
        Path logs = it.logs();
        LandhtProcess landht = it.add(LandhtProcess.builder(logs).opsPort(FreePorts.tcp()).logLevel("info")
                .start());
        try (UdpProbe probe = new UdpProbe("127.0.0.1")) {
            for (int i = 0; i < 5; i++) {
                assertThat(probe.ping(landht.address(), 1000)).isTrue();
            }
        }
        TimeUnit.SECONDS.sleep(WARM_UP_SECONDS);

        double before = cpuSeconds(landht.pid());
        long started = System.nanoTime();
        TimeUnit.SECONDS.sleep(IDLE_SECONDS);
        double used = cpuSeconds(landht.pid()) - before;
        double wall = (System.nanoTime() - started) / 1e9;
        System.out.printf("IdleCpuIT: %.3f CPU-seconds in %.1f idle seconds%n", used, wall);

        assertThat(landht.isAlive()).isTrue();
        assertThat(used).as("CPU seconds used by an idle landht in %.1f s", wall).isLessThan(MAX_CPU_SECONDS);
    }

    /** User + system CPU time of process {@code pid} so far, in seconds. */
    static double cpuSeconds(long pid) throws IOException, InterruptedException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
        // fields after the command name, which is in parentheses and may hold spaces: state is field 3
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        long ticks = Long.parseLong(f[14 - 3]) + Long.parseLong(f[15 - 3]);
        return ticks / (double) clockTicksPerSecond();
    }

    private static long clockTicksPerSecond() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            return 100; // the Linux USER_HZ on every common architecture
        }
        return Long.parseLong(out);
    }
}
