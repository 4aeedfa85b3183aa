/* Fields of the layers found by their place in the walk: UDP here; the
 * tunnels and link layers that follow the same pattern. A field's wire
 * place names its layer kind (W_UDP ...), wire_walk_layer maps that to the
 * walk's name for it, and get_walk_wire reads every such layer's value. */
#include "decode/decode.h"
#include "present/fields_walk.h"

uint8_t wire_walk_layer(uint8_t wire_layer)
{
    static const uint8_t walk_of[W_COUNT] = {
        [W_UDP] = LL_UDP,
        [W_GRE] = LL_GRE, [W_ERSPAN] = LL_ERSPAN, [W_VXLAN] = LL_VXLAN, [W_GENEVE] = LL_GENEVE,
        [W_PPPOE] = LL_PPPOE, [W_8021AD] = LL_8021AD, [W_VNTAG] = LL_VNTAG, [W_VLAN] = LL_VLAN, [W_CFP] = LL_CFP,
        [W_GTP] = LL_GTP, [W_AYIYA] = LL_AYIYA, [W_LLC] = LL_LLC, [W_WLAN] = LL_WLAN,
    };
    return wire_layer < W_COUNT ? walk_of[wire_layer] : LL_NONE;
}

bool walk_layer_at(const struct frame *f, uint8_t ll, int k, uint32_t *off)
{
    for (int w = 0; w < f->nwalk; w++)
        if (f->walk[w] == ll && k-- == 0) {
            *off = f->walk_off[w];
            return true;
        }
    return false;
}

int walk_layers(const struct frame *f, uint8_t ll, walk_test_fn *test, uint32_t *offs, int max)
{
    int n = 0;
    for (int w = 0; w < f->nwalk && n < max; w++)
        if (f->walk[w] == ll && test(f, w))
            offs[n++] = f->walk_off[w];
    return n;
}

int walk_wire_bases(const struct frame *f, uint8_t wire_layer, uint32_t *off, int max)
{
    int n = link_wire_bases(f, wire_layer, off, max);
    if (n >= 0)
        return n;
    uint8_t ll = wire_walk_layer(wire_layer);
    n = 0;
    for (int w = 0; w < f->nwalk && n < max; w++)
        if (f->walk[w] == ll)
            off[n++] = f->walk_off[w];
    return n;
}

bool walk_wire_base(const struct frame *f, uint8_t wire_layer, int k, uint32_t *off)
{
    uint32_t base[MAX_OCCURRENCES];
    if (k < 0 || k >= walk_wire_bases(f, wire_layer, base, MAX_OCCURRENCES))
        return false;
    *off = base[k];
    return true;
}

static bool wire_is_bytes(const struct field *fd)
{
    return fd->display == D_BYTES || fd->display == D_ETHER || fd->display == D_IPV4 || fd->display == D_IPV6;
}

WALK_GETTER(get_walk_wire)
{
    const struct frame *f = v->f;
    uint32_t base[MAX_OCCURRENCES];
    int nbase = walk_wire_bases(f, fd->wire.layer, base, MAX_OCCURRENCES);
    int n = 0;
    for (int b = 0; b < nbase && n < max; b++) {
        uint32_t off = base[b] + fd->wire.off;
        if (!frame_has(f, off, fd->wire.len))
            continue;
        if (wire_is_bytes(fd))
            val[n].p = f->data + off, val[n].n = fd->wire.len;
        else
            val[n].i = field_wire_number(fd, f->data + off);
        n++;
    }
    return n;
}

/* ---- UDP ---- */

/* Each UDP header: its 8 bytes, and what its length covers. */
WALK_GETTER(get_proto_udp)
{
    (void)fd;
    const struct frame *f = v->f;
    int n = 0;
    for (int w = 0; w < f->nwalk && n < max; w++) {
        if (f->walk[w] != LL_UDP)
            continue;
        uint32_t off = f->walk_off[w];
        uint32_t span = frame_has(f, off + 4, 2) ? be16_at(f->data + off + 4) : 8;
        val[n].p = f->data + (off < f->buflen ? off : f->buflen);
        val[n].n = frame_bytes_in(f, off, 8);
        val[n].i = frame_bytes_in(f, off, span);
        n++;
    }
    return n;
}

/* udp.port: each header's source port, then its destination port. */
WALK_GETTER(get_udp_port)
{
    (void)fd;
    const struct frame *f = v->f;
    int n = 0;
    for (int w = 0; w < f->nwalk && n + 1 < max; w++)
        if (f->walk[w] == LL_UDP && frame_has(f, f->walk_off[w], 4)) {
            const uint8_t *p = f->data + f->walk_off[w];
            val[n++].i = be16_at(p);
            val[n++].i = be16_at(p + 2);
        }
    return n;
}

/* Wireshark does not verify UDP checksums by default: a checksum of 0 is
 * "Not present" over IPv4 (none sent) and in a header an ICMP error quotes,
 * "Illegal" over IPv6 (RFC 8200 requires one); any other is "Unverified". */
bool udp_zero_checksum_illegal(const struct frame *f, uint32_t off)
{
    const struct ip_layer *ip = frame_ip_carrying(f, off);
    bool in_error = f->has_icmp && f->icmp.error && off > f->icmp.off;
    return ip && ip->version == 6 && !in_error;
}
WALK_GETTER(get_udp_checksum_status)
{
    (void)fd;
    const struct frame *f = v->f;
    int n = 0;
    for (int w = 0; w < f->nwalk && n < max; w++)
        if (f->walk[w] == LL_UDP && frame_has(f, f->walk_off[w] + 6, 2)) {
            const uint8_t *p = f->data + f->walk_off[w] + 6;
            val[n++].i = (p[0] | p[1]) ? CSUM_UNVERIFIED
                         : udp_zero_checksum_illegal(f, f->walk_off[w]) ? CSUM_ILLEGAL : CSUM_NOT_PRESENT;
        }
    return n;
}
