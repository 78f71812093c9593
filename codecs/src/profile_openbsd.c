/* profile_openbsd.c — the openbsd ABI profile. */
#include "xnet/profile.h"

const xnet_profile xnet_profile_openbsd = {
    .name = "openbsd",
    .little_endian = 1,
    .ipv4_raw_host_order = 0,
    .cmsg = 0,
};
