/* profile_linux.c — the linux ABI profile. */
#include "xnet/profile.h"

const xnet_profile xnet_profile_linux = {
    .name = "linux",
    .little_endian = 1,
    .ipv4_raw_host_order = 0,
    .cmsg = 0,
};
