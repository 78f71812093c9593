/* iff.h — portable interface flags (xnet_backend_interface.flags).
 *
 * The XNET_IFF_* bits are public (xnet/interface.h), with the values of
 * Go's net.Flags; host IFF_* bits are translated by
 * backends/posix/interfaces.c. This header remains so backend code and
 * tests that include it keep building.
 *
 * Thread-safety: constants only.
 */
#ifndef XNET_POSIX_IFF_H
#define XNET_POSIX_IFF_H

#include "xnet/interface.h"

#endif /* XNET_POSIX_IFF_H */
