/* libpcap's link types, with those that older libpcap headers lack. */
#ifndef SYNFIN_DLT_H
#define SYNFIN_DLT_H

#include <pcap/dlt.h>

#ifndef DLT_LINUX_SLL2
#define DLT_LINUX_SLL2 276
#endif
#ifndef DLT_NFLOG
#define DLT_NFLOG 239
#endif
#ifndef DLT_IPOIB
#define DLT_IPOIB 242
#endif

#endif
