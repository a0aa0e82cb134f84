/*
 * loadgen: an OpenDHT request load generator for landht's side-by-side benchmark (bench/load.sh).
 *
 * Loopback only: it refuses any target that is not 127.0.0.0/8. Every loop is bounded in count and time.
 *
 * One UDP socket bound to 0.0.0.0:<ephemeral>; each request picks its source address among 127.0.0.2 ..
 * 127.0.0.(1+sources) with IP_PKTINFO, so the target sees many peers while we batch with sendmmsg/recvmmsg.
 * Each source has its own node id. Requests are valid OpenDHT 4.x queries (user agent "o2"): ping, find (random
 * target, no "w") and get (random key), mixed by weight. The transaction id is a global sequence number, so each
 * reply is matched to its send time (latency) and to the step it belongs to.
 *
 * Modes:
 *   loadgen firstping PORT START_NS TIMEOUT_MS [PID]
 *       pings 127.0.0.1:PORT every 2 ms until answered; prints "first_ping_ms X" measured from START_NS
 *       (CLOCK_REALTIME nanoseconds, taken just before the target process was exec'ed) and, with PID, the CPU
 *       time the target had used by then ("cpu_ms Y": less sensitive than X to other load on the machine).
 *   loadgen probe PORT
 *       one find; prints "nodes N" (records in the reply's n4) or "nodes -1" on timeout (1 s).
 *   loadgen run PORT PID [options]
 *       ramps the offered rate and prints one line per step, then a summary. PID is the target process, read from
 *       /proc for CPU time. Options (all bounded):
 *         --sources N        source addresses (1..250, default 64)
 *         --mix P,F,G        weights of ping, find, get (default 40,30,30)
 *         --start R          first offered rate, requests/s (default 4000)
 *         --max R            highest rate tried (default 400000)
 *         --factor X         ramp factor between steps while the ratio holds (default 1.5)
 *         --bisect N         bisection steps after the first failing rate (default 3)
 *         --step-ms MS       sending time per step (default 3000, max 20000)
 *         --drain-ms MS      wait for late replies after each step (default 500)
 *         --fixed R          also run one step at exactly R req/s first (latency at a common rate), 0 = none
 *         --budget-s S       hard limit on the whole run (default 150)
 *         --ratio X          reply ratio that counts as sustained (default 0.99)
 *         --retry N          up to N failing ramp steps (in all) are run again at the same rate before the
 *                            ramp stops, so one transient stall of the target or the machine does not end it
 *                            (default 1)
 *
 * Build: gcc -O2 -Wall -o loadgen loadgen.c
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH 256
#define PKT_MAX 2048
#define RING_BITS 22
#define RING (1u << RING_BITS)
#define HIST_US 2000000 /* 1 µs buckets up to 2 s */
#define MAX_SOURCES 250

static uint64_t now_ns(clockid_t c) {
    struct timespec ts;
    clock_gettime(c, &ts);
    return (uint64_t) ts.tv_sec * 1000000000ull + (uint64_t) ts.tv_nsec;
}

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint64_t rnd(void) { /* xorshift64* */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ull;
}

static void rnd_bytes(uint8_t *p, int n) {
    for (int i = 0; i < n; i++) {
        p[i] = (uint8_t) (rnd() >> 56);
    }
}

/* ---------- request templates ---------- */

enum { K_PING, K_FIND, K_GET, K_COUNT };
static const char *KIND_NAME[K_COUNT] = {"ping", "find", "get"};

typedef struct {
    uint8_t bytes[160];
    int len;
    int tid_off;    /* 4 bytes, big-endian, after 0xce */
    int target_off; /* 20 bytes, or -1 */
} tmpl_t;

static int put(uint8_t *b, int o, const void *s, int n) {
    memcpy(b + o, s, n);
    return o + n;
}

static int put_str(uint8_t *b, int o, const char *s) {
    int n = (int) strlen(s);
    b[o++] = (uint8_t) (0xa0 | n);
    return put(b, o, s, n);
}

static int put_bin20(uint8_t *b, int o, const uint8_t *id) {
    b[o++] = 0xc4;
    b[o++] = 20;
    return put(b, o, id, 20);
}

/* {a:{id[, target|h]}, q, t, y:"q", v:"o2"}: OpenDHT's key order (fact sheet §2). */
static void build(tmpl_t *t, int kind, const uint8_t *id) {
    uint8_t *b = t->bytes;
    int o = 0;
    b[o++] = 0x85;
    o = put_str(b, o, "a");
    b[o++] = kind == K_PING ? 0x81 : 0x82;
    o = put_str(b, o, "id");
    o = put_bin20(b, o, id);
    t->target_off = -1;
    if (kind != K_PING) {
        o = put_str(b, o, kind == K_FIND ? "target" : "h");
        t->target_off = o + 2;
        uint8_t zero[20] = {0};
        o = put_bin20(b, o, zero);
    }
    o = put_str(b, o, "q");
    o = put_str(b, o, KIND_NAME[kind]);
    o = put_str(b, o, "t");
    b[o++] = 0xce;
    t->tid_off = o;
    o += 4;
    o = put_str(b, o, "y");
    o = put_str(b, o, "q");
    o = put_str(b, o, "v");
    o = put_str(b, o, "o2");
    t->len = o;
}

/* ---------- minimal msgpack reading of replies ---------- */

typedef struct {
    const uint8_t *p;
    const uint8_t *end;
} rd_t;

static int rd_u8(rd_t *r, uint8_t *v) {
    if (r->p >= r->end) return -1;
    *v = *r->p++;
    return 0;
}

static int rd_be(rd_t *r, int n, uint64_t *v) {
    if (r->end - r->p < n) return -1;
    uint64_t x = 0;
    for (int i = 0; i < n; i++) x = (x << 8) | r->p[i];
    r->p += n;
    *v = x;
    return 0;
}

/* Reads one object header. type: 'i' uint, 'n' negative int, 's' str, 'b' bin, 'm' map, 'a' array, 'x' other.
 * For s/b the payload follows (len bytes); for m/a, len is the count. */
static int rd_head(rd_t *r, char *type, uint64_t *len) {
    uint8_t c;
    if (rd_u8(r, &c)) return -1;
    if (c <= 0x7f) { *type = 'i'; *len = c; return 0; }
    if (c >= 0xe0) { *type = 'n'; *len = 0; return 0; }
    if ((c & 0xf0) == 0x80) { *type = 'm'; *len = c & 0x0f; return 0; }
    if ((c & 0xf0) == 0x90) { *type = 'a'; *len = c & 0x0f; return 0; }
    if ((c & 0xe0) == 0xa0) { *type = 's'; *len = c & 0x1f; return 0; }
    switch (c) {
        case 0xc0: case 0xc2: case 0xc3: *type = 'x'; *len = 0; return 0;
        case 0xc4: *type = 'b'; return rd_be(r, 1, len);
        case 0xc5: *type = 'b'; return rd_be(r, 2, len);
        case 0xc6: *type = 'b'; return rd_be(r, 4, len);
        case 0xd9: *type = 's'; return rd_be(r, 1, len);
        case 0xda: *type = 's'; return rd_be(r, 2, len);
        case 0xdb: *type = 's'; return rd_be(r, 4, len);
        case 0xcc: *type = 'i'; return rd_be(r, 1, len);
        case 0xcd: *type = 'i'; return rd_be(r, 2, len);
        case 0xce: *type = 'i'; return rd_be(r, 4, len);
        case 0xcf: *type = 'i'; return rd_be(r, 8, len);
        case 0xd0: *type = 'n'; return rd_be(r, 1, len);
        case 0xd1: *type = 'n'; return rd_be(r, 2, len);
        case 0xd2: *type = 'n'; return rd_be(r, 4, len);
        case 0xd3: *type = 'n'; return rd_be(r, 8, len);
        case 0xca: *type = 'x'; r->p += 4; return r->p <= r->end ? 0 : -1;
        case 0xcb: *type = 'x'; r->p += 8; return r->p <= r->end ? 0 : -1;
        case 0xdc: *type = 'a'; return rd_be(r, 2, len);
        case 0xdd: *type = 'a'; return rd_be(r, 4, len);
        case 0xde: *type = 'm'; return rd_be(r, 2, len);
        case 0xdf: *type = 'm'; return rd_be(r, 4, len);
        default: return -1; /* ext types never appear in OpenDHT messages */
    }
}

static int rd_skip(rd_t *r, int depth) {
    char t;
    uint64_t n;
    if (depth > 16 || rd_head(r, &t, &n)) return -1;
    if (t == 's' || t == 'b') {
        if ((uint64_t) (r->end - r->p) < n) return -1;
        r->p += n;
    } else if (t == 'a') {
        for (uint64_t i = 0; i < n; i++) if (rd_skip(r, depth + 1)) return -1;
    } else if (t == 'm') {
        for (uint64_t i = 0; i < 2 * n; i++) if (rd_skip(r, depth + 1)) return -1;
    }
    return 0;
}

static int rd_key(rd_t *r, const uint8_t **k, int *klen) {
    char t;
    uint64_t n;
    if (rd_head(r, &t, &n) || t != 's' || (uint64_t) (r->end - r->p) < n) return -1;
    *k = r->p;
    *klen = (int) n;
    r->p += n;
    return 0;
}

#define KEY_IS(k, kl, s) ((kl) == (int) sizeof(s) - 1 && memcmp((k), (s), sizeof(s) - 1) == 0)

typedef struct {
    char y;         /* 'q', 'r', 'e' or 0 */
    int64_t tid;    /* -1 when absent */
    int nodes4;     /* n4 records in r, 0 when none */
    int has_token;
    /* for incoming queries */
    int is_ping;
} parsed_t;

static int parse_msg(const uint8_t *buf, int len, parsed_t *out) {
    rd_t r = {buf, buf + len};
    char t;
    uint64_t n;
    memset(out, 0, sizeof(*out));
    out->tid = -1;
    if (rd_head(&r, &t, &n) || t != 'm') return -1;
    for (uint64_t i = 0; i < n; i++) {
        const uint8_t *k;
        int kl;
        if (rd_key(&r, &k, &kl)) return -1;
        if (KEY_IS(k, kl, "t")) {
            uint64_t v;
            if (rd_head(&r, &t, &v)) return -1;
            if (t == 'i') {
                out->tid = (int64_t) v;
            } else if ((t == 'b' || t == 's') && v == 4 && r.end - r.p >= 4) {
                out->tid = ((int64_t) r.p[0] << 24) | (r.p[1] << 16) | (r.p[2] << 8) | r.p[3];
                r.p += 4;
            } else {
                return -1;
            }
        } else if (KEY_IS(k, kl, "y")) {
            uint64_t v;
            if (rd_head(&r, &t, &v) || t != 's' || v != 1 || r.p >= r.end) return -1;
            out->y = (char) *r.p++;
        } else if (KEY_IS(k, kl, "q")) {
            uint64_t v;
            if (rd_head(&r, &t, &v) || t != 's' || (uint64_t) (r.end - r.p) < v) return -1;
            out->is_ping = v == 4 && memcmp(r.p, "ping", 4) == 0;
            r.p += v;
        } else if (KEY_IS(k, kl, "r")) {
            uint64_t m;
            if (rd_head(&r, &t, &m) || t != 'm') return -1;
            for (uint64_t j = 0; j < m; j++) {
                const uint8_t *k2;
                int kl2;
                if (rd_key(&r, &k2, &kl2)) return -1;
                if (KEY_IS(k2, kl2, "n4")) {
                    uint64_t bl;
                    if (rd_head(&r, &t, &bl) || t != 'b' || (uint64_t) (r.end - r.p) < bl) return -1;
                    out->nodes4 = (int) (bl / 26);
                    r.p += bl;
                } else {
                    if (KEY_IS(k2, kl2, "token")) out->has_token = 1;
                    if (rd_skip(&r, 1)) return -1;
                }
            }
        } else {
            if (rd_skip(&r, 0)) return -1;
        }
    }
    if (out->y == 0) out->y = out->tid >= 0 ? 'q' : 0;
    return 0;
}

/* ---------- socket ---------- */

static int sock = -1;
static struct sockaddr_in target;
static int n_sources = 64;
static uint8_t source_id[MAX_SOURCES][20];
static tmpl_t tmpl[MAX_SOURCES][K_COUNT];

static void die(const char *what) {
    perror(what);
    exit(2);
}

static void open_socket(int port) {
    sock = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    if (sock < 0) die("socket");
    int one = 1;
    if (setsockopt(sock, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one))) die("IP_PKTINFO");
    int sz = 16 * 1024 * 1024;
    if (setsockopt(sock, SOL_SOCKET, SO_RCVBUFFORCE, &sz, sizeof(sz))) {
        setsockopt(sock, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
    }
    if (setsockopt(sock, SOL_SOCKET, SO_SNDBUFFORCE, &sz, sizeof(sz))) {
        setsockopt(sock, SOL_SOCKET, SO_SNDBUF, &sz, sizeof(sz));
    }
    struct sockaddr_in any = {.sin_family = AF_INET, .sin_port = 0, .sin_addr.s_addr = htonl(INADDR_ANY)};
    if (bind(sock, (struct sockaddr *) &any, sizeof(any))) die("bind");
    memset(&target, 0, sizeof(target));
    target.sin_family = AF_INET;
    target.sin_port = htons((uint16_t) port);
    target.sin_addr.s_addr = htonl(0x7f000001);
    for (int s = 0; s < n_sources; s++) {
        rnd_bytes(source_id[s], 20);
        for (int k = 0; k < K_COUNT; k++) build(&tmpl[s][k], k, source_id[s]);
    }
}

/* send side buffers */
static struct mmsghdr smsg[BATCH];
static struct iovec siov[BATCH];
static uint8_t sbuf[BATCH][160];
static union {
    struct cmsghdr h;
    char b[CMSG_SPACE(sizeof(struct in_pktinfo))];
} scm[BATCH];
static struct sockaddr_in ssrc_dst[BATCH];

static void fill_send(int i, int src, int kind, uint32_t tid) {
    tmpl_t *t = &tmpl[src][kind];
    memcpy(sbuf[i], t->bytes, t->len);
    sbuf[i][t->tid_off] = (uint8_t) (tid >> 24);
    sbuf[i][t->tid_off + 1] = (uint8_t) (tid >> 16);
    sbuf[i][t->tid_off + 2] = (uint8_t) (tid >> 8);
    sbuf[i][t->tid_off + 3] = (uint8_t) tid;
    if (t->target_off >= 0) rnd_bytes(sbuf[i] + t->target_off, 20);
    siov[i].iov_base = sbuf[i];
    siov[i].iov_len = (size_t) t->len;
    ssrc_dst[i] = target;
    struct msghdr *m = &smsg[i].msg_hdr;
    memset(m, 0, sizeof(*m));
    m->msg_name = &ssrc_dst[i];
    m->msg_namelen = sizeof(ssrc_dst[i]);
    m->msg_iov = &siov[i];
    m->msg_iovlen = 1;
    m->msg_control = scm[i].b;
    m->msg_controllen = sizeof(scm[i].b);
    struct cmsghdr *c = CMSG_FIRSTHDR(m);
    c->cmsg_level = IPPROTO_IP;
    c->cmsg_type = IP_PKTINFO;
    c->cmsg_len = CMSG_LEN(sizeof(struct in_pktinfo));
    struct in_pktinfo *pi = (struct in_pktinfo *) CMSG_DATA(c);
    memset(pi, 0, sizeof(*pi));
    pi->ipi_spec_dst.s_addr = htonl(0x7f000002u + (uint32_t) src);
}

/* receive side buffers */
static struct mmsghdr rmsg[BATCH];
static struct iovec riov[BATCH];
static uint8_t rbuf[BATCH][PKT_MAX];
static struct sockaddr_in rfrom[BATCH];
static union {
    struct cmsghdr h;
    char b[CMSG_SPACE(sizeof(struct in_pktinfo))];
} rcm[BATCH];

static void init_recv(void) {
    for (int i = 0; i < BATCH; i++) {
        riov[i].iov_base = rbuf[i];
        riov[i].iov_len = PKT_MAX;
    }
}

static int recv_batch(void) {
    for (int i = 0; i < BATCH; i++) {
        struct msghdr *m = &rmsg[i].msg_hdr;
        m->msg_name = &rfrom[i];
        m->msg_namelen = sizeof(rfrom[i]);
        m->msg_iov = &riov[i];
        m->msg_iovlen = 1;
        m->msg_control = rcm[i].b;
        m->msg_controllen = sizeof(rcm[i].b);
        m->msg_flags = 0;
    }
    int n = recvmmsg(sock, rmsg, BATCH, MSG_DONTWAIT, NULL);
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != ECONNREFUSED) die("recvmmsg");
    return n < 0 ? 0 : n;
}

/* ---------- firstping / probe ---------- */

static int target_pid;
static double proc_cpu_s(void);

static int mode_firstping(int port, uint64_t start_ns, int timeout_ms) {
    n_sources = 1;
    open_socket(port);
    init_recv();
    uint64_t deadline = now_ns(CLOCK_MONOTONIC) + (uint64_t) timeout_ms * 1000000ull;
    uint32_t tid = 1;
    while (now_ns(CLOCK_MONOTONIC) < deadline) {
        fill_send(0, 0, K_PING, tid++);
        sendmmsg(sock, smsg, 1, 0);
        struct pollfd pfd = {.fd = sock, .events = POLLIN};
        if (poll(&pfd, 1, 2) > 0) {
            int n = recv_batch();
            for (int i = 0; i < n; i++) {
                parsed_t p;
                if (parse_msg(rbuf[i], (int) rmsg[i].msg_len, &p) == 0 && p.y == 'r') {
                    uint64_t t = now_ns(CLOCK_REALTIME);
                    double cpu = target_pid > 0 ? proc_cpu_s() : -1;
                    printf("first_ping_ms %.1f cpu_ms %.0f\n", (double) (t - start_ns) / 1e6,
                           cpu < 0 ? -1 : cpu * 1000);
                    return 0;
                }
            }
        }
    }
    printf("first_ping_ms -1 cpu_ms -1\n");
    return 1;
}

static int mode_probe(int port) {
    n_sources = 1;
    rng_state ^= now_ns(CLOCK_MONOTONIC);
    open_socket(port);
    init_recv();
    fill_send(0, 0, K_FIND, 7);
    if (sendmmsg(sock, smsg, 1, 0) != 1) die("sendmmsg");
    uint64_t deadline = now_ns(CLOCK_MONOTONIC) + 1000000000ull;
    while (now_ns(CLOCK_MONOTONIC) < deadline) {
        struct pollfd pfd = {.fd = sock, .events = POLLIN};
        if (poll(&pfd, 1, 50) > 0) {
            int n = recv_batch();
            for (int i = 0; i < n; i++) {
                parsed_t p;
                if (parse_msg(rbuf[i], (int) rmsg[i].msg_len, &p) == 0 && p.y == 'r' && p.tid == 7) {
                    printf("nodes %d token %d\n", p.nodes4, p.has_token);
                    return 0;
                }
            }
        }
    }
    printf("nodes -1\n");
    return 1;
}

/* ---------- run ---------- */

static uint64_t *sent_at;  /* ring: send time (ns, monotonic) by tid, 0 = none pending */
static uint16_t *sent_step; /* ring: step number of the send */
static uint32_t *hist;

typedef struct {
    double offered;
    double achieved;
    uint64_t sent, replies, errors, late, bad;
    uint64_t find_get_replies, nodes_total, no_token;
    double p50_us, p99_us, p999_us, max_us;
    double cpu_s;
    uint64_t target_requests_in;
} step_t;

static double proc_cpu_s(void) {
    char path[64], buf[2048];
    snprintf(path, sizeof(path), "/proc/%d/stat", target_pid);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = 0;
    char *p = strrchr(buf, ')');
    if (!p) return -1;
    /* fields after ')': state(3) ppid(4) ... utime(14) stime(15) */
    unsigned long ut = 0, st = 0;
    int field = 2;
    for (char *tok = strtok(p + 1, " "); tok; tok = strtok(NULL, " ")) {
        field++;
        if (field == 14) ut = strtoul(tok, NULL, 10);
        if (field == 15) { st = strtoul(tok, NULL, 10); break; }
    }
    return (double) (ut + st) / (double) sysconf(_SC_CLK_TCK);
}

static double pct(uint64_t count, double q) {
    if (count == 0) return -1;
    uint64_t want = (uint64_t) ((double) count * q);
    if (want >= count) want = count - 1;
    uint64_t acc = 0;
    for (int i = 0; i <= HIST_US; i++) {
        acc += hist[i];
        if (acc > want) return i;
    }
    return HIST_US;
}

static int mix_w[K_COUNT] = {40, 30, 30};
static uint32_t next_tid = 1;
static uint64_t requests_from_target;

static void handle_replies(int n, uint64_t t_now, int cur_step, step_t *steps) {
    for (int i = 0; i < n; i++) {
        parsed_t p;
        if (parse_msg(rbuf[i], (int) rmsg[i].msg_len, &p) != 0) {
            steps[cur_step].bad++;
            continue;
        }
        if (p.y == 'q') {
            requests_from_target++;
            continue;
        }
        if (p.tid < 0) {
            steps[cur_step].bad++;
            continue;
        }
        uint32_t slot = (uint32_t) p.tid & (RING - 1);
        uint64_t at = sent_at[slot];
        if (at == 0) {
            steps[cur_step].late++;
            continue;
        }
        sent_at[slot] = 0;
        int s = sent_step[slot];
        if (s != cur_step) {
            steps[cur_step].late++;
            continue;
        }
        if (p.y == 'e') {
            steps[s].errors++;
            continue;
        }
        steps[s].replies++;
        if (p.has_token) {
            steps[s].find_get_replies++;
            steps[s].nodes_total += (uint64_t) p.nodes4;
        }
        uint64_t us = (t_now - at) / 1000;
        hist[us > HIST_US ? HIST_US : us]++;
    }
}

static void run_step(int idx, step_t *steps, double rate, int step_ms, int drain_ms) {
    step_t *st = &steps[idx];
    memset(st, 0, sizeof(*st));
    memset(hist, 0, sizeof(uint32_t) * (HIST_US + 1));
    st->offered = rate;
    uint64_t total = (uint64_t) (rate * step_ms / 1000.0);
    int wsum = mix_w[0] + mix_w[1] + mix_w[2];
    double cpu0 = proc_cpu_s();
    uint64_t t0 = now_ns(CLOCK_MONOTONIC);
    uint64_t send_end = t0 + (uint64_t) step_ms * 1000000ull;
    uint64_t end = send_end + (uint64_t) drain_ms * 1000000ull;
    uint64_t sent = 0;
    uint64_t min_batch = (uint64_t) (rate / 4000.0); /* wake about every 0.25 ms at most */
    if (min_batch < 1) min_batch = 1;
    for (;;) {
        uint64_t t = now_ns(CLOCK_MONOTONIC);
        if (t >= end) break;
        if (sent < total && t < send_end + 200000000ull) {
            uint64_t due = (uint64_t) ((double) (t - t0) * rate / 1e9);
            if (due > total) due = total;
            while (sent < due) {
                int n = (int) (due - sent > BATCH ? BATCH : due - sent);
                for (int i = 0; i < n; i++) {
                    uint32_t tid = next_tid++;
                    if (next_tid == 0) next_tid = 1;
                    int src = (int) (rnd() % (uint64_t) n_sources);
                    int w = (int) (rnd() % (uint64_t) wsum);
                    int kind = w < mix_w[0] ? K_PING : w < mix_w[0] + mix_w[1] ? K_FIND : K_GET;
                    fill_send(i, src, kind, tid);
                }
                uint64_t ts = now_ns(CLOCK_MONOTONIC);
                int done = sendmmsg(sock, smsg, (unsigned) n, 0);
                if (done < 0) {
                    if (errno == EAGAIN || errno == ECONNREFUSED) break;
                    die("sendmmsg");
                }
                /* record send times: tids were assigned in order; rewind for the unsent ones */
                uint32_t first = next_tid - (uint32_t) n;
                for (int i = 0; i < done; i++) {
                    uint32_t slot = (first + (uint32_t) i) & (RING - 1);
                    sent_at[slot] = ts;
                    sent_step[slot] = (uint16_t) idx;
                }
                if (done < n) {
                    next_tid = first + (uint32_t) done;
                    sent += (uint64_t) done;
                    break;
                }
                sent += (uint64_t) n;
            }
        }
        int got = recv_batch();
        if (got > 0) {
            handle_replies(got, now_ns(CLOCK_MONOTONIC), idx, steps);
            continue;
        }
        /* sleep until the next batch is due or a reply arrives */
        uint64_t t2 = now_ns(CLOCK_MONOTONIC);
        int64_t wait_ns;
        if (sent < total) {
            uint64_t next_due = t0 + (uint64_t) ((double) (sent + min_batch) * 1e9 / rate);
            wait_ns = (int64_t) (next_due - t2);
        } else {
            wait_ns = (int64_t) (end - t2);
        }
        if (wait_ns > 0) {
            struct timespec ts = {.tv_sec = wait_ns / 1000000000, .tv_nsec = wait_ns % 1000000000};
            struct pollfd pfd = {.fd = sock, .events = POLLIN};
            ppoll(&pfd, 1, &ts, NULL);
        }
    }
    double cpu1 = proc_cpu_s();
    st->sent = sent;
    st->achieved = (double) sent * 1000.0 / step_ms;
    st->cpu_s = cpu1 - cpu0;
    st->p50_us = pct(st->replies, 0.50);
    st->p99_us = pct(st->replies, 0.99);
    st->p999_us = pct(st->replies, 0.999);
    st->max_us = pct(st->replies, 1.0);
    /* forget what is still pending so it counts as lost, not as a later step's reply */
    for (uint64_t i = 0; i < sent; i++) sent_at[(next_tid - 1 - (uint32_t) i) & (RING - 1)] = 0;
}

static void print_step(const char *label, const step_t *s, int ok) {
    double ratio = s->sent ? (double) s->replies / (double) s->sent : 0;
    printf("step %s offered=%.0f achieved=%.0f sent=%llu replies=%llu ratio=%.4f errors=%llu late=%llu bad=%llu "
           "p50_us=%.0f p99_us=%.0f p999_us=%.0f max_us=%.0f cpu_s=%.2f cpu_s_per_M=%.2f nodes_per_reply=%.2f %s\n",
           label, s->offered, s->achieved, (unsigned long long) s->sent, (unsigned long long) s->replies, ratio,
           (unsigned long long) s->errors, (unsigned long long) s->late, (unsigned long long) s->bad, s->p50_us,
           s->p99_us, s->p999_us, s->max_us, s->cpu_s, s->sent ? s->cpu_s * 1e6 / (double) s->sent : 0,
           s->find_get_replies ? (double) s->nodes_total / (double) s->find_get_replies : 0, ok ? "OK" : "FAIL");
    fflush(stdout);
}

static volatile sig_atomic_t stop_flag;
static void on_sig(int s) {
    (void) s;
    stop_flag = 1;
}

static int mode_run(int port, int pid, int argc, char **argv) {
    double start = 4000, maxr = 400000, factor = 1.5, need = 0.99, fixed = 0;
    int bisect = 3, step_ms = 3000, drain_ms = 500, budget_s = 150, retry = 1;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v) { fprintf(stderr, "missing value for %s\n", a); return 2; }
        if (!strcmp(a, "--sources")) n_sources = atoi(v);
        else if (!strcmp(a, "--mix")) {
            if (sscanf(v, "%d,%d,%d", &mix_w[0], &mix_w[1], &mix_w[2]) != 3) { fprintf(stderr, "bad --mix\n"); return 2; }
        } else if (!strcmp(a, "--start")) start = atof(v);
        else if (!strcmp(a, "--max")) maxr = atof(v);
        else if (!strcmp(a, "--factor")) factor = atof(v);
        else if (!strcmp(a, "--bisect")) bisect = atoi(v);
        else if (!strcmp(a, "--step-ms")) step_ms = atoi(v);
        else if (!strcmp(a, "--drain-ms")) drain_ms = atoi(v);
        else if (!strcmp(a, "--fixed")) fixed = atof(v);
        else if (!strcmp(a, "--budget-s")) budget_s = atoi(v);
        else if (!strcmp(a, "--ratio")) need = atof(v);
        else if (!strcmp(a, "--retry")) retry = atoi(v);
        else { fprintf(stderr, "unknown option %s\n", a); return 2; }
        i++;
    }
    if (n_sources < 1 || n_sources > MAX_SOURCES || step_ms < 100 || step_ms > 20000 || drain_ms < 0
        || drain_ms > 5000 || start < 1 || maxr > 2000000 || factor <= 1.0 || bisect < 0 || bisect > 8
        || budget_s < 1 || budget_s > 900 || retry < 0 || retry > 3 || mix_w[0] + mix_w[1] + mix_w[2] <= 0) {
        fprintf(stderr, "option out of range\n");
        return 2;
    }
    signal(SIGINT, on_sig);
    signal(SIGTERM, on_sig);
    target_pid = pid;
    rng_state ^= now_ns(CLOCK_MONOTONIC) | 1;
    open_socket(port);
    init_recv();
    sent_at = calloc(RING, sizeof(uint64_t));
    sent_step = calloc(RING, sizeof(uint16_t));
    hist = calloc(HIST_US + 1, sizeof(uint32_t));
    if (!sent_at || !sent_step || !hist) die("calloc");
    uint64_t budget_end = now_ns(CLOCK_MONOTONIC) + (uint64_t) budget_s * 1000000000ull;
    step_t steps[64];
    int n = 0;
    int settle_ms = 1000;
    if (fixed > 0) {
        run_step(n, steps, fixed, step_ms, drain_ms);
        print_step("fixed", &steps[n], steps[n].sent && steps[n].replies >= need * steps[n].sent);
        n++;
        usleep(settle_ms * 1000);
    }
    double good = 0, bad = 0;
    int good_idx = -1;
    double rate = start;
    /* ramp */
    int retries_left = retry;
    while (n < 60 && !stop_flag && rate <= maxr && now_ns(CLOCK_MONOTONIC) < budget_end) {
        run_step(n, steps, rate, step_ms, drain_ms);
        step_t *s = &steps[n];
        int ok = s->sent > 0 && (double) s->replies >= need * (double) s->sent && s->achieved >= 0.98 * rate;
        print_step("ramp", s, ok);
        n++;
        if (!ok && retries_left > 0) {
            retries_left--;
            usleep(settle_ms * 1000);
            continue; /* the same rate once more */
        }
        if (!ok) {
            bad = rate;
            usleep(settle_ms * 1000);
            break;
        }
        good = rate;
        good_idx = n - 1;
        rate *= factor;
    }
    /* bisect between the last good and the first bad rate */
    for (int b = 0; b < bisect && bad > 0 && n < 60 && !stop_flag && now_ns(CLOCK_MONOTONIC) < budget_end; b++) {
        double mid = good > 0 ? (good + bad) / 2 : bad / 2;
        run_step(n, steps, mid, step_ms, drain_ms);
        step_t *s = &steps[n];
        int ok = s->sent > 0 && (double) s->replies >= need * (double) s->sent && s->achieved >= 0.98 * mid;
        print_step("bisect", s, ok);
        n++;
        if (ok) {
            good = mid;
            good_idx = n - 1;
        } else {
            bad = mid;
            usleep(settle_ms * 1000);
        }
    }
    if (good_idx >= 0) {
        step_t *s = &steps[good_idx];
        printf("summary sustained_rps=%.0f replies_per_s=%.0f p50_us=%.0f p99_us=%.0f cpu_s_per_M=%.2f "
               "nodes_per_reply=%.2f first_bad=%.0f requests_from_target=%llu\n",
               good, (double) s->replies * 1000.0 / step_ms, s->p50_us, s->p99_us,
               s->sent ? s->cpu_s * 1e6 / (double) s->sent : 0,
               s->find_get_replies ? (double) s->nodes_total / (double) s->find_get_replies : 0, bad,
               (unsigned long long) requests_from_target);
    } else {
        printf("summary sustained_rps=0 first_bad=%.0f\n", bad);
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("loadgen_cpu_s %.2f\n", (double) ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double) ru.ru_stime.tv_sec
                                        + ru.ru_stime.tv_usec / 1e6);
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: loadgen firstping PORT START_NS TIMEOUT_MS | probe PORT | run PORT PID [options]\n");
        return 2;
    }
    int port = atoi(argv[2]);
    if (port < 1 || port > 65535) {
        fprintf(stderr, "bad port\n");
        return 2;
    }
    if (!strcmp(argv[1], "firstping") && (argc == 5 || argc == 6)) {
        int t = atoi(argv[4]);
        target_pid = argc == 6 ? atoi(argv[5]) : 0;
        return mode_firstping(port, strtoull(argv[3], NULL, 10), t < 1 || t > 60000 ? 10000 : t);
    }
    if (!strcmp(argv[1], "probe")) return mode_probe(port);
    if (!strcmp(argv[1], "run") && argc >= 4) return mode_run(port, atoi(argv[3]), argc - 4, argv + 4);
    fprintf(stderr, "bad mode\n");
    return 2;
}
