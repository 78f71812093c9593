/* vm_capture.h — capture what crosses an interface into a pcap file, from
 * inside the VM (where there is no tcpdump): an AF_PACKET/ETH_P_ALL socket
 * bound to the interface, read by a thread into memory, written out at the
 * end. On loopback every frame is seen twice, once leaving (PACKET_OUTGOING)
 * and once arriving; only the arriving copy is kept, so each packet is in
 * the file once, as a capture of lo with tcpdump would show it.
 *
 * The pcap has link type Ethernet (lo frames carry a zeroed 14-byte
 * Ethernet header) and nanosecond timestamps taken by the kernel
 * (SO_TIMESTAMPNS, CLOCK_REALTIME), so they can be compared with
 * vm_now_ns() stamps in the application's log. Loopback leaves SCTP's
 * CRC32c to a checksum offload that never happens (the field stays 0); the
 * capture fills it in, so each SCTP packet is as a real link carries it.
 */
#ifndef XNET_VM_CAPTURE_H
#define XNET_VM_CAPTURE_H

#include <stddef.h>
#include <stdint.h>

typedef struct vm_capture vm_capture;

/* Starts capturing on the interface. Returns 0, or -errno. */
int vm_capture_start(const char *ifname, vm_capture **out);

/* Stops the capture, writes the packets to path (unless path is NULL) and
 * frees it. Returns the number of packets written (0 without a path), or
 * -errno. */
int vm_capture_stop(vm_capture *c, const char *path);

/* Stops capturing (once; later calls do nothing) and calls fn on each
 * captured frame in order, until fn returns non-zero. Returns the number of
 * frames for which fn returned non-zero, or -errno if capturing failed.
 * The capture still has to be released with vm_capture_stop. */
int vm_capture_each(vm_capture *c,
                    int (*fn)(const uint8_t *frame, size_t n, void *arg),
                    void *arg);

/* CLOCK_REALTIME in nanoseconds: the clock of the capture's timestamps. */
uint64_t vm_now_ns(void);

#endif /* XNET_VM_CAPTURE_H */
