/* fuzz_file.c: the input as a file (see fuzz.h). */
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"

const char *fuzz_file(const uint8_t *data, size_t size)
{
    static int fd = -1;
    static char path[64];
    if (fd < 0 && (fd = memfd_create("fuzz", 0)) < 0)
        return NULL;
    if (ftruncate(fd, 0) || lseek(fd, 0, SEEK_SET) < 0 ||
        (size && write(fd, data, size) != (ssize_t)size))
        return NULL;
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    return path;
}
