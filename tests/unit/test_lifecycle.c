/* The lifecycle's steps and states for sequences real sockets rarely make:
 * simultaneous open and close, a retransmitted SYN, a four-segment close,
 * a connection picked up mid-stream. */
#include <stdio.h>
#include <string.h>

#include "decode/packet.h"
#include "track/lifecycle.h"

static int fails;
static struct lifecycle life;
static int nseg;

/* Feed one segment from side d and check its step and both states (side 0, side 1). */
static void seg(int d, uint16_t flags, uint32_t seq, uint32_t ack, uint32_t len, const char *want_step,
                enum tcp_state s0, enum tcp_state s1)
{
    struct frame f;
    memset(&f, 0, sizeof f);
    f.has_tcp = true;
    f.tcp.flags = flags, f.tcp.seq = seq, f.tcp.ack = ack, f.tcp.seg_len = len;
    char step[40];
    lifecycle_segment(&life, &f, d, nseg++ == 0, false, step, sizeof step);
    bool ok = strcmp(step, want_step) == 0 && life.state[0] == s0 && life.state[1] == s1;
    printf("%s - '%s' gives %s/%s (got '%s' %s/%s)\n", ok ? "ok" : "not ok", want_step, tcp_state_name(s0),
           tcp_state_name(s1), step, tcp_state_name(life.state[0]), tcp_state_name(life.state[1]));
    fails += !ok;
}

static void start(const char *what)
{
    printf("# %s\n", what);
    lifecycle_init(&life);
    nseg = 0;
}

enum { F = 0x01, S = 0x02, R = 0x04, A = 0x10 };

int main(void)
{
    start("four-segment close");
    seg(0, S, 100, 0, 0, "handshake 1/3", ST_SYN_SENT, ST_LISTEN);
    seg(0, S, 100, 0, 0, "handshake 1/3 (SYN retransmitted)", ST_SYN_SENT, ST_LISTEN);
    seg(1, S | A, 500, 101, 0, "handshake 2/3", ST_SYN_SENT, ST_SYN_RECEIVED);
    seg(0, A, 101, 501, 0, "handshake 3/3", ST_ESTABLISHED, ST_ESTABLISHED);
    seg(1, F | A, 501, 101, 0, "teardown 1/4", ST_CLOSE_WAIT, ST_FIN_WAIT_1);
    seg(0, A, 101, 502, 0, "teardown 2/4", ST_CLOSE_WAIT, ST_FIN_WAIT_2);
    seg(0, F | A, 101, 502, 0, "teardown 3/4", ST_LAST_ACK, ST_TIME_WAIT);
    seg(1, A, 502, 102, 0, "teardown 4/4", ST_CLOSED, ST_TIME_WAIT);

    start("simultaneous open and close");
    seg(0, S, 100, 0, 0, "handshake 1/3", ST_SYN_SENT, ST_LISTEN);
    seg(1, S, 500, 0, 0, "simultaneous open (SYN)", ST_SYN_RECEIVED, ST_SYN_RECEIVED);
    seg(0, S | A, 100, 501, 0, "simultaneous open (SYN, ACK)", ST_ESTABLISHED, ST_SYN_RECEIVED);
    seg(1, S | A, 500, 101, 0, "simultaneous open (SYN, ACK)", ST_ESTABLISHED, ST_ESTABLISHED);
    seg(0, F | A, 101, 501, 0, "teardown 1/4", ST_FIN_WAIT_1, ST_CLOSE_WAIT);
    seg(1, F | A, 501, 101, 0, "simultaneous close (FIN)", ST_CLOSING, ST_CLOSING);
    seg(0, A, 102, 502, 0, "simultaneous close (ACK)", ST_CLOSING, ST_TIME_WAIT);

    start("picked up mid-stream, then reset by the server");
    seg(1, A, 9000, 300, 100, "picked up mid-stream", ST_ESTABLISHED, ST_ESTABLISHED);
    seg(0, R | A, 300, 9100, 0, "reset by server in ESTABLISHED", ST_CLOSED, ST_CLOSED);

    start("refused");
    seg(0, S, 7, 0, 0, "handshake 1/3", ST_SYN_SENT, ST_LISTEN);
    seg(1, R | A, 0, 8, 0, "refused", ST_CLOSED, ST_LISTEN);
    return fails ? 1 : 0;
}
