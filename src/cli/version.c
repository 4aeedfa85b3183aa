/* synfin -v. The build's versions come from the headers (ZLIB_VERSION,
 * PCRE2_MAJOR/MINOR, the compiler's __VERSION__); the running ones from
 * the libraries themselves (pcap_lib_version, zlibVersion, pcre2_config),
 * which can differ when a newer shared library is installed later. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcap/pcap.h>
#include <pcre2.h>
#include <stdio.h>
#include <sys/utsname.h>
#include <zlib.h>

#include "cli/version.h"

#define STR2(x) #x
#define STR(x) STR2(x)

void version_print(void)
{
    char pcre2[64] = "?";
    struct utsname u;
    pcre2_config(PCRE2_CONFIG_VERSION, pcre2);
    printf("synfin " SYNFIN_VERSION "\n\n");
#ifdef __clang__
    const char *cc = "Clang " __clang_version__;
#elif defined(__GNUC__)
    const char *cc = "GCC " STR(__GNUC__) "." STR(__GNUC_MINOR__) "." STR(__GNUC_PATCHLEVEL__);
#else
    const char *cc = "an unknown compiler";
#endif
    printf("Compiled (%zu-bit) using %s, with libpcap, with zlib " ZLIB_VERSION
           ", with PCRE2 " STR(PCRE2_MAJOR) "." STR(PCRE2_MINOR) ".\n\n",
           sizeof(void *) * 8, cc);
    if (uname(&u) == 0)
        printf("Running on %s %s, ", u.sysname, u.release);
    else
        printf("Running ");
    printf("with %s, with zlib %s, with PCRE2 %s.\n", pcap_lib_version(), zlibVersion(), pcre2);
}
