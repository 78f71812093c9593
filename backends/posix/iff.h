/* iff.h — portable interface flags (xnet_backend_interface.flags).
 *
 * The bit values of Go's net.Flags (FlagUp = 1 << 0 ... FlagRunning =
 * 1 << 5), so the public header can adopt them unchanged; host IFF_* bits
 * are translated by backends/posix/interfaces.c.
 *
 * Thread-safety: constants only.
 */
#ifndef XNET_POSIX_IFF_H
#define XNET_POSIX_IFF_H

enum {
  XNET_IFF_UP = 1 << 0,           /* administratively up (IFF_UP) */
  XNET_IFF_BROADCAST = 1 << 1,    /* supports broadcast (IFF_BROADCAST) */
  XNET_IFF_LOOPBACK = 1 << 2,     /* loopback (IFF_LOOPBACK) */
  XNET_IFF_POINTTOPOINT = 1 << 3, /* point-to-point link (IFF_POINTOPOINT) */
  XNET_IFF_MULTICAST = 1 << 4,    /* supports multicast (IFF_MULTICAST) */
  XNET_IFF_RUNNING = 1 << 5       /* operationally up (IFF_RUNNING) */
};

#endif /* XNET_POSIX_IFF_H */
