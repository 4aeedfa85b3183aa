/* The getters of IEEE 802.11 (fields_wlan.c) and where a frame's parts lie,
 * for -V and JSON. */
#ifndef SYNFIN_FIELDS_WLAN_H
#define SYNFIN_FIELDS_WLAN_H

#include "present/fields_walk.h"

/* An 802.11 header: a data frame, its DS bits, the MAC header's length
 * (with QoS and HT control), where QoS control is, and whether all of it
 * was captured. false: not even the frame control field was. */
struct wlan_parts {
    bool data, qos, whole;
    uint8_t ds;
    uint32_t hlen, qos_off;
};
bool wlan_hdr(const struct frame *f, uint32_t off, struct wlan_parts *h);
/* Whether it is a protected data frame with a WEP IV (no extended IV). */
bool wlan_wep(const struct frame *f, uint32_t off, const struct wlan_parts *h);
/* Whether its QoS control says an A-MSDU follows. */
bool wlan_amsdu(const struct frame *f, const struct wlan_parts *h);
/* Where the values of address field id (wlan.ra ... wlan.staa, wlan.addr)
 * lie in the header of the data frame at off, in tshark's order, those
 * captured: their number (at most 4), written to at. An A-MSDU's
 * subframe addresses are not among them. */
int wlan_addr_hdr(const struct frame *f, uint32_t off, const struct wlan_parts *h, int id, uint32_t at[4]);

WALK_GETTER(get_proto_wlan);
WALK_GETTER(get_wlan_fc);
WALK_GETTER(get_wlan_hdr);
WALK_GETTER(get_wlan_addr);

#endif
