/* profile_darwin.c — the darwin ABI profile. */
#include "xnet/profile.h"

const xnet_profile xnet_profile_darwin = {
    .name = "darwin",
    .little_endian = 1,
    .ipv4_raw_host_order = 1,
    .cmsg = 0,
};
