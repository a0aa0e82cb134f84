package net.landht.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import net.landht.config.InetLiterals;

class ReceiveGuardTest {
    private static final InetAddress LAN = InetLiterals.parse("192.168.1.10");
    private static final InetAddress OUTSIDE = InetLiterals.parse("203.0.113.7");
    private static final InetAddress TRUSTED = InetLiterals.parse("10.1.2.3");

    @Test
    void anEmptyAllowListServesEveryone() {
        ReceiveGuard g = new ReceiveGuard(List.of(), List.of(), 8192, 1024, 0);
        assertThat(g.admitSource(OUTSIDE, 0)).isEqualTo(ReceiveGuard.Verdict.PASS);
    }

    @Test
    void anAllowListServesOnlyItsBlocks() {
        ReceiveGuard g = new ReceiveGuard(Cidr.parseAll(List.of("192.168.0.0/16", "fd00::/8")), List.of(), 8192,
                1024, 0);
        assertThat(g.admitSource(LAN, 0)).isEqualTo(ReceiveGuard.Verdict.PASS);
        assertThat(g.admitSource(InetLiterals.parse("fd00::5"), 0)).isEqualTo(ReceiveGuard.Verdict.PASS);
        assertThat(g.admitSource(OUTSIDE, 0)).isEqualTo(ReceiveGuard.Verdict.NOT_ALLOWED);
    }

    @Test
    void requestsOverTheSourceLimitAreRefusedExceptFromExemptSources() {
        ReceiveGuard g = new ReceiveGuard(List.of(), Cidr.parseAll(List.of("10.0.0.0/8")), 8192, 10, 0);
        int lan = 0;
        int trusted = 0;
        for (int i = 0; i < 100; i++) {
            lan += g.admitRequest(LAN, 0) == ReceiveGuard.Verdict.PASS ? 1 : 0;
            trusted += g.admitRequest(TRUSTED, 0) == ReceiveGuard.Verdict.PASS ? 1 : 0;
        }
        assertThat(lan).isEqualTo(10);
        assertThat(trusted).isEqualTo(100);
        assertThat(g.admitRequest(LAN, 0)).isEqualTo(ReceiveGuard.Verdict.SOURCE_RATE_LIMITED);
    }

    @Test
    void theGlobalLimitIsReportedAsSuch() {
        ReceiveGuard g = new ReceiveGuard(List.of(), List.of(), 5, 1024, 0);
        for (int i = 0; i < 5; i++) {
            assertThat(g.admitRequest(LAN, 0)).isEqualTo(ReceiveGuard.Verdict.PASS);
        }
        assertThat(g.admitRequest(OUTSIDE, 0)).isEqualTo(ReceiveGuard.Verdict.GLOBAL_RATE_LIMITED);
    }

    @Test
    void aSourceSendingGarbageIsIgnoredUnlessExempt() {
        ReceiveGuard g = new ReceiveGuard(List.of(), Cidr.parseAll(List.of("10.0.0.0/8")), 8192, 1024, 0);
        boolean nowIgnored = false;
        for (int i = 0; i <= InvalidSources.THRESHOLD; i++) {
            nowIgnored = g.onInvalid(LAN, 0);
            assertThat(g.onInvalid(TRUSTED, 0)).isFalse();
        }
        assertThat(nowIgnored).isTrue();
        assertThat(g.admitSource(LAN, 1)).isEqualTo(ReceiveGuard.Verdict.IGNORED);
        assertThat(g.admitSource(TRUSTED, 1)).isEqualTo(ReceiveGuard.Verdict.PASS);
    }

    @Test
    void putsHaveATighterLimitLiftedByZeroRatesAndExemptions() {
        ReceiveGuard g = new ReceiveGuard(List.of(), Cidr.parseAll(List.of("10.0.0.0/8")), 8192, 1024, 0);
        int lan = 0;
        for (int i = 0; i < 1000; i++) {
            lan += g.admitPut(LAN, 0) ? 1 : 0;
            assertThat(g.admitPut(TRUSTED, 0)).isTrue();
        }
        assertThat(lan).isEqualTo(4 * 1024 / ReceiveGuard.PUT_SHARE);
        assertThat(g.admitPut(LAN, 1_000_000_000L)).as("refilled at 64/s").isTrue();
        ReceiveGuard open = new ReceiveGuard(List.of(), List.of(), 0, 0, 0);
        for (int i = 0; i < 10_000; i++) {
            assertThat(open.admitPut(LAN, 0)).isTrue();
        }
    }

    @Test
    void zeroRatesLiftTheLimits() {
        ReceiveGuard g = new ReceiveGuard(List.of(), List.of(), 0, 0, 0);
        for (int i = 0; i < 100_000; i++) {
            assertThat(g.admitRequest(LAN, 0)).isEqualTo(ReceiveGuard.Verdict.PASS);
        }
    }
}
