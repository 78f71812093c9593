/* vm_check.c — PASS/FAIL lines for the programs run inside the VM. */
#include "vm_check.h"

#include <stdio.h>

static int passed;
static int failed;

void vm_pass(const char *name) {
  passed++;
  printf("PASS %s\n", name);
  fflush(stdout);
}

int vm_fail(const char *name, const char *fmt, ...) {
  va_list ap;
  failed++;
  printf("FAIL %s: ", name);
  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
  printf("\n");
  fflush(stdout);
  return -1;
}

int vm_failures(void) { return failed; }

int vm_summary(void) {
  printf("vm: %d passed, %d failed\n", passed, failed);
  fflush(stdout);
  return failed ? 1 : 0;
}
