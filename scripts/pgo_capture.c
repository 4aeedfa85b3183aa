/* The capture the profile-guided build trains on (Makefile, PGO): HTTP/1.1
 * between curl-like clients and a hello server on port 4000, and a bulk
 * transfer, as Linux on loopback sends them, so the compiler learns which
 * branches a capture of connections takes.
 *   pgo_capture OUT.pcap
 * 6,000 connections, 64 open at a time, frames in turn: each opens with
 * Linux's SYN options, makes 1 to 8 keep-alive requests (every 7th one
 * request with "Connection: close") and closes with FIN, FIN, ACK; every
 * 101st connection ends with a RST instead, and every 61st request is sent
 * again (a retransmission, then a duplicate ACK). Beside them, 24 frames
 * a turn, one transfer of 40,000 segments that loses some (bulk_step).
 * Addresses 127.0.0.1 and 127.x.y.z, checksums right, times 7 microseconds
 * apart: 193,484 frames, 79 MB, the same bytes on every run. Only for the
 * build: the tests and the bench read real traffic. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

enum { CONNS = 6000, OPEN = 64, SERVER_PORT = 4000, BULK_PORT = 5201, BULK_MSS = 1448, BULK_SEGMENTS = 40000 };
enum { ACK = 0x10, PSH_ACK = 0x18, SYN = 0x02, FIN_ACK = 0x11, RST_ACK = 0x14 };

static const char request[] = "GET / HTTP/1.1\r\nHost: localhost:4000\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n";
static const char request_close[] =
    "GET / HTTP/1.1\r\nHost: localhost:4000\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\nConnection: close\r\n\r\n";
static const char response[] = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nDate: Sat, 28 Nov 2026 03:00:00 GMT\r\n"
                               "Connection: keep-alive\r\nContent-Length: 12\r\n\r\nHello World!";

struct conn {
    uint32_t id;                /* from 0: the client's address and port */
    uint16_t port;              /* the server's */
    uint32_t seq[2], ts[2];     /* next sequence number and TSval, client [0] and server [1] */
    unsigned requests, step;    /* requests to make; the script's next frame */
    bool hole;                  /* a segment was lost: the server acknowledges up to it, */
    uint32_t hole_seq;          /* and SACKs what came after it */
};

static FILE *out;
static uint64_t now_us = 1764298800ull * 1000000;   /* 2025-11-28 03:00 UTC */

static void put32(uint8_t *p, uint32_t v) { p[0] = v >> 24, p[1] = v >> 16, p[2] = v >> 8, p[3] = v; }
static void put16(uint8_t *p, uint16_t v) { p[0] = v >> 8, p[1] = v & 0xff; }

static uint16_t checksum(uint32_t sum, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i + 1 < n; i += 2)
        sum += (uint32_t)p[i] << 8 | p[i + 1];
    if (n & 1)
        sum += (uint32_t)p[n - 1] << 8;
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

/* One frame of c, sent by side (0 client, 1 server), carrying len bytes of data. */
static void frame(struct conn *c, int side, uint8_t flags, const char *data, size_t len)
{
    uint8_t f[14 + 20 + 60 + BULK_MSS];
    memset(f, 0, 14 + 20 + 40);
    put16(f + 12, 0x0800);
    uint8_t *ip = f + 14, *tcp = ip + 20, client[4] = { 127, (uint8_t)(1 + c->id / 65536),
                                                         (uint8_t)(c->id / 256), (uint8_t)c->id };
    uint8_t server[4] = { 127, 0, 0, 1 };
    bool syn = flags & 0x02;
    uint8_t *o = tcp + 20;
    if (syn) {                  /* Linux: MSS, SACK permitted, timestamps, NOP, window scale */
        memcpy(o, "\x02\x04\xff\xd7\x04\x02\x08\x0a", 8);
        put32(o + 8, c->ts[side]);
        put32(o + 12, side ? c->ts[0] - 1 : 0);
        memcpy(o + 16, "\x01\x03\x03\x07", 4);
        o += 20;
    } else {                    /* NOP, NOP, timestamps */
        memcpy(o, "\x01\x01\x08\x0a", 4);
        put32(o + 4, c->ts[side]);
        put32(o + 8, c->ts[!side]);
        o += 12;
    }
    uint32_t ack = c->seq[!side];
    if (side == 1 && c->hole) { /* NOP, NOP, one SACK block: what came after the lost segment */
        memcpy(o, "\x01\x01\x05\x0a", 4);
        put32(o + 4, c->hole_seq + BULK_MSS);
        put32(o + 8, c->seq[0]);
        o += 12;
        ack = c->hole_seq;
    }
    size_t hdr = (size_t)(o - tcp);
    memcpy(o, data, len);
    ip[0] = 0x45;
    put16(ip + 2, (uint16_t)(20 + hdr + len));
    ip[6] = 0x40;               /* don't fragment */
    ip[8] = 64;
    ip[9] = 6;
    memcpy(ip + 12, side ? server : client, 4);
    memcpy(ip + 16, side ? client : server, 4);
    put16(ip + 10, checksum(0, ip, 20));
    uint16_t cport = (uint16_t)(32768 + c->id % 28000);
    put16(tcp, side ? c->port : cport);
    put16(tcp + 2, side ? cport : c->port);
    put32(tcp + 4, c->seq[side]);
    put32(tcp + 8, flags & 0x10 ? ack : 0);
    tcp[12] = (uint8_t)(hdr / 4 << 4);
    tcp[13] = flags;
    put16(tcp + 14, syn ? 65483 : 512);
    uint32_t pseudo = (uint32_t)(ip[12] << 8 | ip[13]) + (uint32_t)(ip[14] << 8 | ip[15]) +
                      (uint32_t)(ip[16] << 8 | ip[17]) + (uint32_t)(ip[18] << 8 | ip[19]) + 6 + (uint32_t)(hdr + len);
    put16(tcp + 16, checksum(pseudo, tcp, hdr + len));
    c->seq[side] += (uint32_t)len + (flags & 0x03 ? 1 : 0);    /* SYN and FIN take one */
    c->ts[side] += 1;
    size_t n = 14 + 20 + hdr + len;
    uint32_t rec[4] = { (uint32_t)(now_us / 1000000), (uint32_t)(now_us % 1000000), (uint32_t)n, (uint32_t)n };
    fwrite(rec, sizeof rec, 1, out);
    fwrite(f, n, 1, out);
    now_us += 7;
}

/* Frame s (0 to 2) of the handshake: SYN, SYN-ACK, ACK. */
static void open_step(struct conn *c, unsigned s)
{
    static const uint8_t flags[3] = { SYN, SYN | ACK, ACK };
    frame(c, s == 1, flags[s], "", 0);
}

/* Frame t of the close, the client first: FIN, FIN, ACK; false: it is over. */
static bool close_step(struct conn *c, unsigned t)
{
    if (t > 2)
        return false;
    frame(c, t == 1, t == 2 ? ACK : FIN_ACK, "", 0);
    return true;
}

/* c's next frame; false: c is over. */
static bool step(struct conn *c)
{
    static unsigned sent;       /* requests so far, of all connections */
    unsigned s = c->step++;
    if (s < 3)
        open_step(c, s);
    else if ((s - 3) / 4 < c->requests) {
        bool last = (s - 3) / 4 + 1 == c->requests, closing = last && c->id % 7 == 0;
        const char *req = closing ? request_close : request;
        size_t req_len = closing ? sizeof request_close - 1 : sizeof request - 1;
        switch ((s - 3) % 4) {
        case 0:
            frame(c, 0, PSH_ACK, req, req_len);
            if (++sent % 61 == 0) {                     /* lost once: sent again, then a duplicate ACK */
                c->seq[0] -= (uint32_t)req_len;
                frame(c, 0, PSH_ACK, req, req_len);
                frame(c, 1, ACK, "", 0);
            }
            break;
        case 1: frame(c, 1, ACK, "", 0); break;
        case 2: frame(c, 1, PSH_ACK, response, sizeof response - 1); break;
        case 3: frame(c, 0, ACK, "", 0); break;
        }
    } else {
        unsigned t = s - 3 - 4 * c->requests;
        if (c->id % 101 == 0)
            return t == 0 ? (frame(c, 0, RST_ACK, "", 0), true) : false;
        return close_step(c, t);
    }
    return true;
}

/* The bulk transfer's next frames (client to server, as iperf3 on port
 * 5201): segments of BULK_MSS bytes, an ACK every second one; every 97th
 * segment is lost, the next three draw duplicate ACKs with SACK, and the
 * fast retransmission fills the hole. false: it is over. */
static bool bulk_step(struct conn *c)
{
    static uint8_t data[BULK_MSS];
    unsigned s = c->step++;
    if (s < 3)
        open_step(c, s);
    else if (s - 3 < BULK_SEGMENTS) {
        unsigned i = s - 3;
        memset(data, 'a' + i % 26, sizeof data);
        if (i % 97 == 50) {                         /* lost on the way: never captured */
            c->hole = true;
            c->hole_seq = c->seq[0];
            c->seq[0] += BULK_MSS;
            c->ts[0]++;
            return true;
        }
        frame(c, 0, i % 8 == 7 ? PSH_ACK : ACK, (const char *)data, BULK_MSS);
        if (c->hole) {
            frame(c, 1, ACK, "", 0);                /* a duplicate ACK, with SACK */
            if (i % 97 == 53) {                     /* the third: retransmitted, then all acknowledged */
                uint32_t next = c->seq[0];
                c->seq[0] = c->hole_seq;
                frame(c, 0, ACK, (const char *)data, BULK_MSS);
                c->seq[0] = next;
                c->hole = false;
                frame(c, 1, ACK, "", 0);
            }
        } else if (i % 2) {
            frame(c, 1, ACK, "", 0);
        }
    } else {
        return close_step(c, s - 3 - BULK_SEGMENTS);
    }
    return true;
}

static void begin(struct conn *c, uint32_t id)
{
    *c = (struct conn){ .id = id, .port = SERVER_PORT, .seq = { id * 2654435761u, ~id * 40503u }, .ts = { id * 977u, id * 31u },
                        .requests = id % 7 == 0 ? 1 : 1 + id % 8 };
}

int main(int argc, char **argv)
{
    if (argc != 2 || !(out = fopen(argv[1], "wb"))) {
        fprintf(stderr, "usage: pgo_capture OUT.pcap\n");
        return 2;
    }
    struct {                    /* in this host's order, as libpcap writes it */
        uint32_t magic;
        uint16_t major, minor;
        uint32_t zone, sigfigs, snaplen, linktype;
    } head = { 0xa1b2c3d4, 2, 4, 0, 0, 262144, 1 };   /* microseconds, Ethernet */
    fwrite(&head, sizeof head, 1, out);
    struct conn open[OPEN];
    uint32_t next = 0;
    unsigned live = 0;
    for (; live < OPEN; live++)
        begin(&open[live], next++);
    struct conn bulk;
    begin(&bulk, CONNS);
    bulk.port = BULK_PORT;
    bool bulk_on = true;
    while (live) {
        for (unsigned k = 0; k < 24 && bulk_on; k++)   /* the transfer's share of the frames */
            bulk_on = bulk_step(&bulk);
        for (unsigned i = 0; i < live;) {
            if (step(&open[i])) {
                i++;
            } else if (next < CONNS) {
                begin(&open[i], next++);
            } else {
                open[i] = open[--live];
            }
        }
    }
    return fclose(out) == 0 ? 0 : 1;
}
