/* A layer's title: the text Wireshark gives a protocol's item, which is
 * the first line of its -V tree and what `-T fields -e tcp` writes
 * ("Transmission Control Protocol, Src Port: 55016, Dst Port: 4000, Seq:
 * 0, Len: 0"). Both read it here. Frame and Ethernet titles are not
 * written: tshark names the pcapng interface and resolves MAC vendors,
 * which synfin does not. */
#include <arpa/inet.h>

#include "present/titles.h"

/* An address of header ip at its registry row's wire place, as text. */
static const char *addr_text(const struct view *v, const struct ip_layer *ip, int id, char *buf)
{
    const struct field *fd = &fields[id];
    if (!ip_has(v->f, ip, ip->off + fd->wire.off, fd->wire.len))
        return "";
    inet_ntop(fd->type == T_IPv4 ? AF_INET : AF_INET6, v->f->data + ip->off + fd->wire.off, buf, INET6_ADDRSTRLEN);
    return buf;
}

/* Wireshark appends each address to the title once it has read it: a
 * header cut before its source (by the capture, or by the enclosing
 * layer's length) keeps the bare title, which -e writes as the
 * protocol's name. */
static bool ip_title_src(const struct view *v, const struct ip_layer *ip)
{
    const struct field *src = &fields[ip->version == 4 ? F_IP_SRC : F_IPV6_SRC];
    return ip_has(v->f, ip, ip->off + src->wire.off, src->wire.len);
}

bool ip_title(struct out *o, const struct view *v, int i)
{
    const struct ip_layer *ip = &v->f->ip[i];
    char src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN];
    if (!ip->version) {                                     /* bogus: the layer, no addresses */
        out_printf(o, "Internet Protocol Version %d", ip->bogus_of);
        return true;
    }
    /* An IPv4 header shows what was captured of it; IPv6 needs all 40 bytes. */
    if (!frame_has(v->f, ip->off, ip->version == 4 ? 1 : 40))
        return false;
    bool v4 = ip->version == 4;
    out_printf(o, "Internet Protocol Version %d", ip->version);
    const char *s = addr_text(v, ip, v4 ? F_IP_SRC : F_IPV6_SRC, src), *d = addr_text(v, ip, v4 ? F_IP_DST : F_IPV6_DST, dst);
    if (*s)
        out_printf(o, ", Src: %s", s);
    if (*d)
        out_printf(o, ", Dst: %s", d);
    return true;
}

/* A field's first value as the registry writes it, after a label. */
static void first_value(struct out *o, const struct view *v, const char *label, int id)
{
    struct fval vals[MAX_OCCURRENCES];
    if (field_get(id, v, vals, MAX_OCCURRENCES) > 0) {
        out_str(o, label);
        field_write(o, &fields[id], &vals[0]);
    }
}

bool tcp_title(struct out *o, const struct view *v)
{
    const struct tcp_layer *t = &v->f->tcp;
    if (!v->f->has_tcp)
        return false;
    out_printf(o, "Transmission Control Protocol, Src Port: %u, Dst Port: %u", t->sport, t->dport);
    if (!(t->quoted && t->hdr_truncated))   /* a quote's 8 bytes: the number is in the tree only */
        first_value(o, v, ", Seq: ", F_TCP_SEQ);
    if (t->flags & TH_ACK)
        first_value(o, v, ", Ack: ", F_TCP_ACK);
    first_value(o, v, ", Len: ", F_TCP_LEN);
    return true;
}

bool layer_title(struct out *o, const struct view *v, int proto_id, int k)
{
    if (proto_id == F_PROTO_TCP)
        return k == 0 && tcp_title(o, v);
    if (proto_id == F_PROTO_HTTP || proto_id == F_PROTO_PKT_COMMENT) {     /* the item has no text: tshark writes the protocol's name */
        out_str(o, fields[proto_id].name);
        return true;
    }
    if (proto_id != F_PROTO_IP && proto_id != F_PROTO_IPV6)
        return false;
    for (int i = 0; i < v->f->nip; i++) {
        if (!ip_layer_is(&v->f->ip[i], proto_id == F_PROTO_IP ? 4 : 6) || k-- > 0)
            continue;
        if (!v->f->ip[i].version || (frame_has(v->f, v->f->ip[i].off, v->f->ip[i].version == 4 ? 1 : 40) &&
                                     !ip_title_src(v, &v->f->ip[i]))) {
            /* a bogus header's item, or one cut before its addresses, has no text: tshark writes its name */
            out_str(o, fields[proto_id].name);
            return true;
        }
        return ip_title(o, v, i);
    }
    return false;
}
