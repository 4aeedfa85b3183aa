/* -T json and -T ek: the tunnel layers GRE, ERSPAN, VXLAN and Geneve, in
 * tshark 4.0's order with the fields synfin has (the -V blocks'
 * counterparts, print_detail_tunnel.c). */
#include <stdio.h>
#include <string.h>

#include "decode/decode.h"
#include "present/fields_walk.h"
#include "present/jtree_impl.h"

static void fields_under(struct jtree *t, const struct view *v, int parent, const int *ids, size_t n, int k)
{
    for (size_t i = 0; i < n; i++)
        jt_field(t, v, parent, ids[i], k);
}

/* A layer with no fields (ERSPAN type I, a header cut in its first bytes):
 * tshark's JSON writes its title as its value. */
static void title_if_empty(struct jtree *t, int l, const char *title)
{
    if (l < 0 || t->node[l].child >= 0)
        return;
    uint32_t at = jt_keep(t, title, strlen(title));
    if (at != UINT32_MAX)
        t->node[l].str = at, t->node[l].strlen = (uint32_t)strlen(title);
}

static void layer_gre(struct jtree *t, const struct view *v, int k, int parent)
{
    static const int bits[] = {
        F_GRE_FLAGS_CHECKSUM, F_GRE_FLAGS_ROUTING, F_GRE_FLAGS_KEY, F_GRE_FLAGS_SEQUENCE_NUMBER,
        F_GRE_FLAGS_STRICT_SOURCE_ROUTE, F_GRE_FLAGS_RECURSION_CONTROL, F_GRE_FLAGS_RESERVED, F_GRE_FLAGS_VERSION,
    };
    int l = jt_field(t, v, parent, F_PROTO_GRE, k);
    fields_under(t, v, jt_field(t, v, l, F_GRE_FLAGS_AND_VERSION, k), bits, sizeof bits / sizeof bits[0], k);
    jt_field(t, v, l, F_GRE_PROTO, k);
    int c = jt_field(t, v, l, F_GRE_CHECKSUM, k);
    int64_t should = gre_checksum_should_be(v, k);
    if (should >= 0) {
        char msg[64];
        snprintf(msg, sizeof msg, "Incorrect GRE Checksum [should be 0x%04x]", (unsigned)should);
        jt_expert(t, v, c, -1, msg, SEV_WARN, GRP_PROTOCOL);
    }
    jt_field(t, v, l, F_GRE_CHECKSUM_STATUS, k);
    jt_field(t, v, l, F_GRE_OFFSET, k);
    jt_field(t, v, l, F_GRE_KEY, k);
    jt_field(t, v, l, F_GRE_SEQUENCE_NUMBER, k);
}

static void layer_erspan(struct jtree *t, const struct view *v, int k, int parent)
{
    static const int ids[] = {
        F_ERSPAN_VERSION, F_ERSPAN_VLAN, F_ERSPAN_COS, F_ERSPAN_ENCAP, F_ERSPAN_BSO, F_ERSPAN_TRUNCATED,
        F_ERSPAN_SPANID, F_ERSPAN_RESERVED, F_ERSPAN_INDEX, F_ERSPAN_TIMESTAMP, F_ERSPAN_SGT, F_ERSPAN_P,
        F_ERSPAN_FT, F_ERSPAN_HW, F_ERSPAN_DIRECTION, F_ERSPAN_GRA, F_ERSPAN_O, F_ERSPAN_PLATID,
    };
    int l = jt_field(t, v, parent, F_PROTO_ERSPAN, k);
    int type = tunnel_erspan_type(v->f, k);
    if (type == 4)        /* another version: its item twice, the second with a warning (as -V) */
        jt_field(t, v, l, F_ERSPAN_VERSION, k + 1);
    fields_under(t, v, l, ids, sizeof ids / sizeof ids[0], k);
    static const char *const kind[] = { "", " Type I", " Type II", " Type III", " Unknown" };
    char title[96];
    snprintf(title, sizeof title, "%s%s", fields[F_PROTO_ERSPAN].label, kind[type]);
    title_if_empty(t, l, title);
}

static void layer_vxlan(struct jtree *t, const struct view *v, int k, int parent)
{
    static const int bits[] = { F_VXLAN_FLAG_G, F_VXLAN_FLAG_I, F_VXLAN_FLAG_D, F_VXLAN_FLAG_A, F_VXLAN_FLAGS_RESERVED };
    int l = jt_field(t, v, parent, F_PROTO_VXLAN, k);
    fields_under(t, v, jt_field(t, v, l, F_VXLAN_FLAGS, k), bits, sizeof bits / sizeof bits[0], k);
    jt_field(t, v, l, F_VXLAN_GBP, k);
    jt_field(t, v, l, F_VXLAN_VNI, k);
    jt_field(t, v, l, F_VXLAN_RESERVED8, k);
    title_if_empty(t, l, fields[F_PROTO_VXLAN].label);
}

static void layer_geneve(struct jtree *t, const struct view *v, int k, int parent)
{
    static const int bits[] = { F_GENEVE_FLAGS_OAM, F_GENEVE_FLAGS_CRITICAL, F_GENEVE_FLAGS_RESERVED };
    int l = jt_field(t, v, parent, F_PROTO_GENEVE, k);
    jt_field(t, v, l, F_GENEVE_VERSION, k);
    struct fval ver[MAX_OCCURRENCES];
    if (field_get(F_GENEVE_VERSION, v, ver, MAX_OCCURRENCES) > k && ver[k].i > 0) {
        char msg[48];
        snprintf(msg, sizeof msg, "Unknown version %lld", (long long)ver[k].i);
        jt_expert(t, v, jt_text(t, l, msg), -1, msg, SEV_WARN, GRP_PROTOCOL);
    }
    fields_under(t, v, jt_field(t, v, l, F_GENEVE_FLAGS, k), bits, sizeof bits / sizeof bits[0], k);
    jt_field(t, v, l, F_GENEVE_PROTO_TYPE, k);
    jt_field(t, v, l, F_GENEVE_VNI, k);
    jt_field(t, v, l, F_GENEVE_RESERVED, k);
    jt_field(t, v, l, F_GENEVE_OPTIONS, k);
}

void jtree_tunnel(struct jtree *t, const struct view *v, uint8_t ll, int k, int parent)
{
    switch (ll) {
    case LL_GRE: layer_gre(t, v, k, parent); break;
    case LL_ERSPAN: layer_erspan(t, v, k, parent); break;
    case LL_VXLAN: layer_vxlan(t, v, k, parent); break;
    case LL_GENEVE: layer_geneve(t, v, k, parent); break;
    default: break;
    }
}
