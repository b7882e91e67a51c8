/* fuzz.h: what the harnesses share. Each tests/fuzz/fuzz_NAME.c defines
 * LLVMFuzzerTestOneInput; built with clang's -fsanitize=fuzzer it is a
 * libFuzzer program (make fuzz), linked with replay.c it replays a corpus
 * (make check: tests/fuzz/corpus/NAME/, plain and under ASan + UBSan). */
#ifndef SSP_FUZZ_H
#define SSP_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input as a file for the readers that take a path: a memory file
 * (memfd) rewritten on each call, named /proc/self/fd/N. NULL when it
 * cannot be made. */
const char *fuzz_file(const uint8_t *data, size_t size);

#endif
