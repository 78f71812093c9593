/* profile_freebsd.c — the freebsd ABI profile. */
#include "xnet/profile.h"

const xnet_profile xnet_profile_freebsd = {
    .name = "freebsd",
    .little_endian = 1,
    .ipv4_raw_host_order = 0,
    .cmsg = 0,
};
