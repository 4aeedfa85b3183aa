/* A capture file's numbers, loaded in the byte order its header gave:
 * swap says it is the other order than this machine's. The classic pcap
 * and pcapng readers both read through these. */
#ifndef SYNFIN_FILEORDER_H
#define SYNFIN_FILEORDER_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

static inline uint16_t file_u16(const uint8_t *p, bool swap)
{
    uint16_t v;
    memcpy(&v, p, 2);
    return swap ? __builtin_bswap16(v) : v;
}

static inline uint32_t file_u32(const uint8_t *p, bool swap)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return swap ? __builtin_bswap32(v) : v;
}

static inline uint64_t file_u64(const uint8_t *p, bool swap)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return swap ? __builtin_bswap64(v) : v;
}

#endif
