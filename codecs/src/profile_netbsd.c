/* profile_netbsd.c — the netbsd ABI profile. */
#include "xnet/profile.h"

const xnet_profile xnet_profile_netbsd = {
    .name = "netbsd",
    .little_endian = 1,
    .ipv4_raw_host_order = 0,
    .cmsg = 0,
};
