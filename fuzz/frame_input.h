/* How fuzz_decode reads its input, shared with the tool that turns such an
 * input into a capture file (frame_to_pcap.c) for tests/crashes/: the
 * first two bytes choose the link type (the first byte picks one synfin
 * decodes, or with its top bit set the two bytes are a raw DLT number);
 * the third says whether the TCP checksum is checked (bit 1) and whether
 * the frame was cut by the snapshot length (bit 0: by bits 2-7 times 97
 * bytes); the rest is the frame. */
#ifndef SYNFIN_FUZZ_FRAME_INPUT_H
#define SYNFIN_FUZZ_FRAME_INPUT_H

#include <pcap/pcap.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decode/dlt.h"

struct frame_input {
    int dlt;
    bool check_checksum;
    uint32_t caplen, len;
    const uint8_t *bytes;     /* caplen of them */
};

/* false: too short to be an input. */
static inline bool frame_input_read(const uint8_t *data, size_t size, struct frame_input *in)
{
    static const int link_types[] = {
        DLT_EN10MB, DLT_NULL, DLT_LOOP, DLT_RAW, DLT_IPV4, DLT_IPV6, DLT_LINUX_SLL, DLT_LINUX_SLL2,
        DLT_PPP, DLT_ARCNET_LINUX, DLT_IPOIB, DLT_JUNIPER_ETHER, DLT_FDDI, DLT_NFLOG,
    };
    if (size < 3 || size - 3 > UINT32_MAX / 2)
        return false;
    in->dlt = data[0] & 0x80 ? ((data[0] & 0x7f) << 8 | data[1])
                             : link_types[data[0] % (sizeof link_types / sizeof link_types[0])];
    in->check_checksum = data[2] & 2;
    in->caplen = (uint32_t)(size - 3);
    in->len = data[2] & 1 ? in->caplen + (data[2] >> 2) * 97u : in->caplen;
    in->bytes = data + 3;
    return true;
}

#endif
