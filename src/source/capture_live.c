/* Live capture through libpcap, built not to lose packets:
 *
 * - Not immediate mode. In immediate mode libpcap uses TPACKET_V2, a ring of
 *   fixed slots each sized for the snapshot length (64 KiB on lo), so a
 *   16 MiB buffer held 256 packets and a loopback burst overran it. Without
 *   it libpcap uses TPACKET_V3: blocks of 256 KiB filled with packets at
 *   their real size, so the same buffer holds about a hundred thousand.
 * - The kernel hands a block over when it is full or, at the latest,
 *   CAPTURE_BLOCK_MS after a packet arrived, so a quiet link still shows
 *   each segment within about a tenth of a second.
 * - Non-blocking reads: capture_next says CAPTURE_IDLE when the ring is
 *   drained, which is when the caller writes its output (one write for many
 *   packets, not one a packet), then capture_wait sleeps in poll().
 *
 * - On a loopback interface the kernel shows every packet twice, once going
 *   out and once coming in, and libpcap throws the outgoing copy away after
 *   it has taken a place in the ring. PACKET_IGNORE_OUTGOING keeps it out
 *   of the ring, which then holds twice as many packets.
 *
 * Timestamps in nanoseconds where the kernel gives them; the BPF filter runs
 * in the kernel. */
#include <errno.h>
#include <grp.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/capability.h>
#include <sys/syscall.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "source/capture.h"

#define SETCAP_HINT "run as root, or: sudo setcap cap_net_raw,cap_net_admin=eip build/synfin"

static bool is_loopback(int fd, const char *iface)
{
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    if (strlen(iface) >= sizeof ifr.ifr_name)
        return false;
    strcpy(ifr.ifr_name, iface);
    return ioctl(fd, SIOCGIFFLAGS, &ifr) == 0 && (ifr.ifr_flags & IFF_LOOPBACK);
}

int capture_open_live(struct capture *cap, const char *iface, const char *bpf, int snaplen, int buffer_mib)
{
    memset(cap, 0, sizeof *cap);
    cap->name = iface;
    cap->live = true;
    char perr[PCAP_ERRBUF_SIZE];
    cap->pcap = pcap_create(iface, perr);
    if (!cap->pcap) {
        snprintf(cap->err, sizeof cap->err, "cannot capture on %s: %s", iface, perr);
        return -1;
    }
    pcap_set_snaplen(cap->pcap, snaplen);
    pcap_set_timeout(cap->pcap, CAPTURE_BLOCK_MS);
    pcap_set_buffer_size(cap->pcap, (buffer_mib > 0 ? buffer_mib : CAPTURE_DEFAULT_BUFFER_MIB) << 20);
    if (pcap_set_tstamp_precision(cap->pcap, PCAP_TSTAMP_PRECISION_NANO) == 0)
        cap->nsec = true;
    int rc = pcap_activate(cap->pcap);
    if (rc < 0) {
        if (rc == PCAP_ERROR_PERM_DENIED)
            snprintf(cap->err, sizeof cap->err, "cannot capture on %s: permission denied; " SETCAP_HINT, iface);
        else if (rc == PCAP_ERROR_NO_SUCH_DEVICE)
            snprintf(cap->err, sizeof cap->err, "cannot capture on %s: no such interface (synfin -D lists them)", iface);
        else
            snprintf(cap->err, sizeof cap->err, "cannot capture on %s: %s", iface, pcap_geterr(cap->pcap));
        pcap_close(cap->pcap);
        cap->pcap = NULL;
        return -1;
    }
    if (pcap_setnonblock(cap->pcap, 1, perr) < 0) {
        snprintf(cap->err, sizeof cap->err, "cannot capture on %s: %s", iface, perr);
        pcap_close(cap->pcap);
        cap->pcap = NULL;
        return -1;
    }
    if (is_loopback(pcap_fileno(cap->pcap), iface)) {
        /* Linux 4.20 and later. Where it is missing (ENOPROTOOPT) both
         * copies take ring space, and libpcap still shows one of them. */
        int one = 1;
        setsockopt(pcap_fileno(cap->pcap), SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof one);
    }
    cap->buffer_mib = buffer_mib > 0 ? buffer_mib : CAPTURE_DEFAULT_BUFFER_MIB;
    /* libpcap says nanoseconds only when the kernel agreed to them. */
    cap->nsec = pcap_get_tstamp_precision(cap->pcap) == PCAP_TSTAMP_PRECISION_NANO;
    if (bpf && *bpf) {
        struct bpf_program prog;
        if (pcap_compile(cap->pcap, &prog, bpf, 1, PCAP_NETMASK_UNKNOWN) < 0) {
            snprintf(cap->err, sizeof cap->err, "invalid filter '%s': %s", bpf, pcap_geterr(cap->pcap));
            pcap_close(cap->pcap);
            cap->pcap = NULL;
            return -1;
        }
        rc = pcap_setfilter(cap->pcap, &prog);
        pcap_freecode(&prog);
        if (rc < 0) {
            snprintf(cap->err, sizeof cap->err, "cannot set filter '%s': %s", bpf, pcap_geterr(cap->pcap));
            pcap_close(cap->pcap);
            cap->pcap = NULL;
            return -1;
        }
    }
    return 0;
}

void capture_wait(struct capture *cap, int ms)
{
    struct pollfd p = { .fd = pcap_get_selectable_fd(cap->pcap), .events = POLLIN };
    /* A signal cuts the wait short (EINTR): the caller looks at its flags. */
    if (p.fd >= 0)
        poll(&p, 1, ms);
}

int capture_stats(struct capture *cap, unsigned *received, unsigned *dropped)
{
    struct pcap_stat st;
    if (!cap->live || pcap_stats(cap->pcap, &st) < 0)
        return -1;
    *received = st.ps_recv;
    *dropped = st.ps_drop;
    return 0;
}

int capture_list_interfaces(FILE *out, char *err, size_t errlen)
{
    pcap_if_t *all;
    char perr[PCAP_ERRBUF_SIZE];
    if (pcap_findalldevs(&all, perr) < 0) {
        snprintf(err, errlen, "cannot list interfaces: %s", perr);
        return -1;
    }
    int i = 1;
    for (pcap_if_t *d = all; d; d = d->next, i++) {
        fprintf(out, "%d. %s", i, d->name);
        if (d->description)
            fprintf(out, " (%s)", d->description);
        else if (d->flags & PCAP_IF_LOOPBACK)
            fputs(" (Loopback)", out);
        fputc('\n', out);
    }
    pcap_freealldevs(all);
    return 0;
}

int drop_privileges(const char *user, int keep_fd, char *err, size_t errlen)
{
    if (getuid() != 0 && geteuid() != 0) {
        /* Given the right to capture by file capabilities (setcap): the
         * capture is open, so give them all up before reading any packet. */
        struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
        struct __user_cap_data_struct data[2];
        memset(data, 0, sizeof data);
        if (syscall(SYS_capset, &hdr, data) < 0) {
            snprintf(err, errlen, "cannot give up the capture capabilities");
            return -1;
        }
        return 0;
    }
    struct passwd *pw = getpwnam(user);
    if (!pw) {
        snprintf(err, errlen, "-Z %s: no such user", user);
        return -1;
    }
    /* A file written with -w stays the user's to write and remove. */
    if (keep_fd >= 0 && fchown(keep_fd, pw->pw_uid, pw->pw_gid) < 0) {
        snprintf(err, errlen, "cannot give the output file to %s", user);
        return -1;
    }
    if (setgroups(0, NULL) < 0 || setgid(pw->pw_gid) < 0 || setuid(pw->pw_uid) < 0) {
        snprintf(err, errlen, "cannot switch to user %s", user);
        return -1;
    }
    return 0;
}
