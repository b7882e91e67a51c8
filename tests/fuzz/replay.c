/* replay.c: run a harness on every file of the folders and files named
 * (a corpus), without libFuzzer; a crash or a failed assertion ends the
 * run. Prints how many inputs were replayed. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int one(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        perror(path);
        return -1;
    }
    size_t cap = 1 << 16, n = 0;
    unsigned char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, fp)) > 0)
        if ((n += got) == cap)
            buf = realloc(buf, cap *= 2);
    fclose(fp);
    if (!buf)
        return -1;
    LLVMFuzzerTestOneInput(buf, n);
    free(buf);
    return 0;
}

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    long count = 0;
    for (int i = 1; i < argc; i++) {
        struct stat sb;
        if (stat(argv[i], &sb)) {
            perror(argv[i]);
            return 2;
        }
        if (!S_ISDIR(sb.st_mode)) {
            if (one(argv[i]))
                return 2;
            count++;
            continue;
        }
        DIR *d = opendir(argv[i]);
        struct dirent *e;
        char **names = NULL;
        size_t nn = 0;
        while (d && (e = readdir(d))) {
            if (e->d_name[0] == '.')
                continue;
            names = realloc(names, (nn + 1) * sizeof *names);
            if (!names ||
                asprintf(&names[nn++], "%s/%s", argv[i], e->d_name) < 0)
                return 2;
        }
        if (d)
            closedir(d);
        qsort(names, nn, sizeof *names, cmp);
        for (size_t k = 0; k < nn; k++) {
            if (one(names[k]))
                return 2;
            count++;
            free(names[k]);
        }
        free(names);
    }
    printf("%ld inputs replayed\n", count);
    return 0;
}
