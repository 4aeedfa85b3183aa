/* Live capture through libpcap: immediate mode, so each segment shows as
 * it arrives, nanosecond timestamps where the kernel gives them, and the
 * BPF filter compiled into the kernel. */
#include <grp.h>
#include <linux/capability.h>
#include <sys/syscall.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "source/capture.h"

#define SETCAP_HINT "run as root, or: sudo setcap cap_net_raw,cap_net_admin=eip build/synfin"

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
    pcap_set_immediate_mode(cap->pcap, 1);
    pcap_set_timeout(cap->pcap, 100);
    /* 16 MiB unless -B says: libpcap's 2 MiB drops segments of a loopback burst. */
    pcap_set_buffer_size(cap->pcap, (buffer_mib > 0 ? buffer_mib : 16) << 20);
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

void capture_stop(struct capture *cap)
{
    if (cap->pcap)
        pcap_breakloop(cap->pcap);
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
