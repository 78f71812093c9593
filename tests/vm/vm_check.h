/* vm_check.h — the checker the programs run inside the VM use.
 *
 * The VM programs are statically linked and run alone under a busybox
 * /init, so they report with one line per check on stdout, which the runner
 * (run-vm.sh) shows and the exit status sums up:
 *
 *   PASS <name>
 *   FAIL <name>: <why>
 *
 * A VM_CHECK that fails ends the current scenario (its later steps would
 * only fail for the same reason), a VM_EXPECT does not; the program exits
 * non-zero if any check failed.
 */
#ifndef XNET_VM_CHECK_H
#define XNET_VM_CHECK_H

#include <stdarg.h>

/* Records a passed check. */
void vm_pass(const char *name);

/* Records a failed check with a printf-style reason; returns -1 so a
 * scenario can write `return vm_fail(...)`. */
int vm_fail(const char *name, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Checks cond: prints PASS, or FAIL with the printf-style reason and
 * returns -1 from the calling function (the scenario ends there). */
#define VM_CHECK(name, cond, ...)                                              \
  do {                                                                         \
    if (cond) {                                                                \
      vm_pass(name);                                                           \
    } else {                                                                   \
      return vm_fail(name, __VA_ARGS__);                                       \
    }                                                                          \
  } while (0)

/* Checks cond like VM_CHECK but goes on after a failure: for checks the
 * later steps do not depend on. */
#define VM_EXPECT(name, cond, ...)                                             \
  do {                                                                         \
    if (cond) {                                                                \
      vm_pass(name);                                                           \
    } else {                                                                   \
      (void)vm_fail(name, __VA_ARGS__);                                        \
    }                                                                          \
  } while (0)

/* The number of failed checks so far. */
int vm_failures(void);

/* Prints the summary line "vm: N passed, M failed" and returns the exit
 * status (0 when nothing failed). */
int vm_summary(void);

#endif /* XNET_VM_CHECK_H */
