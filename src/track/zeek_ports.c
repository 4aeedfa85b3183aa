/* What Zeek knows of ports and addresses when it creates a connection:
 * likely_server_ports (for the role flip of a connection that does not
 * begin with a bare SYN) and IPAddr::IsBroadcast (no flip toward one). */
#include "track/zeek.h"

#include <stdlib.h>
#include <string.h>

/* The TCP ports of likely_server_ports in Zeek 6.1 to 7.x with its default
 * scripts: each protocol's main.zeek adds its ports with
 * `redef likely_server_ports += { ports };` (ftp, ssh, smtp, dns, finger,
 * http, socks, krb, dce-rpc, smb, imap, ldap, ssl, modbus, mqtt, rdp, xmpp,
 * irc, dnp3). init-bare.zeek declares the set empty, and the analyzer
 * framework does not add registered ports to it before Zeek 8.1. Zeek 6.0
 * lacks the LDAP ports 389 and 3268. Sorted, for the binary search. */
static const uint16_t likely_server_tcp[] = {
    21,   22,   25,   53,   79,   80,   81,   88,   135,  139,  143,  389,  443,  445,  502,
    563,  585,  587,  614,  631,  636,  989,  990,  992,  993,  995,  1080, 1883, 2811, 3128,
    3268, 3389, 5222, 5223, 5269, 6666, 6667, 6668, 6669, 8000, 8080, 8888, 20000,
};

static int cmp_port(const void *a, const void *b)
{
    return (int)*(const uint16_t *)a - (int)*(const uint16_t *)b;
}

bool zeek_likely_server_port(uint16_t port)
{
    return bsearch(&port, likely_server_tcp, sizeof likely_server_tcp / sizeof likely_server_tcp[0],
                   sizeof likely_server_tcp[0], cmp_port) != NULL;
}

/* IPAddr::IsBroadcast: only the IPv4 limited broadcast, 255.255.255.255. */
bool zeek_broadcast(const uint8_t *addr, int addr_len)
{
    static const uint8_t all_ones[4] = { 255, 255, 255, 255 };
    return addr_len == 4 && memcmp(addr, all_ones, 4) == 0;
}
