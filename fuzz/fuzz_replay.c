/* fuzz_replay.c — the replay backend on any capture file.
 *
 * The input is a pcap or pcapng file (at most 64 KiB). It is opened with
 * xnet_replay_stack_open_memory (lenient writes, strict for odd sizes) and
 * played to the application of replay_drive.h — a server, then a client,
 * using every read call, writes, shutdowns and closes through the public
 * API — with deadlines in virtual time, so a run never waits in real time. Whatever
 * the bytes, a run must end cleanly: no crash, no read outside a buffer, no
 * undefined behaviour, no leak (ASan, UBSan and LeakSanitizer check);
 * any error code is fine. The stack's lock is the only threading involved:
 * nothing starts a thread, so runs are deterministic. */
#define _GNU_SOURCE /* fmemopen, and libpcap's u_char */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "replay_drive.h"

#define MAX_INPUT (64 * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > MAX_INPUT) return 0;
  rd_result res;
  rd_drive(data, size, &res);
  /* XNET_FUZZ_VERBOSE=1: what the run did (to check the seeds reach the
   * conns; run with -runs=0 over the corpus). */
  if (getenv("XNET_FUZZ_VERBOSE"))
    fprintf(stderr,
            "replay %zu bytes: open %d/%d finish %d/%d records %llu/%llu "
            "delivered %llu/%llu conns %zu reads %zu bytes %zu notes %zu\n",
            size, res.open_rc[0], res.open_rc[1], res.finish_rc[0],
            res.finish_rc[1], (unsigned long long)res.records[0],
            (unsigned long long)res.records[1],
            (unsigned long long)res.delivered[0],
            (unsigned long long)res.delivered[1], res.conns, res.reads,
            res.bytes, res.notifications);
  return 0;
}
