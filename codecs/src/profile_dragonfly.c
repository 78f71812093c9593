/* profile_dragonfly.c — the dragonfly ABI profile. */
#include "xnet/profile.h"

const xnet_profile xnet_profile_dragonfly = {
    .name = "dragonfly",
    .little_endian = 1,
    .ipv4_raw_host_order = 1,
    .cmsg = 0,
};
