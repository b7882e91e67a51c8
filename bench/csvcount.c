/* csvcount.c - the floor for `ssp validate`: a bare libcsv tokenizing pass.
 * Reads FILE in 64 KiB chunks and feeds them to csv_parse with callbacks
 * that only count, in the mode ssp uses (CSV_STRICT | CSV_STRICT_FINI, no
 * blank trimming). Prints "records fields" (the header counts as a record).
 * Build: cc -O2 -o bench/out/csvcount bench/csvcount.c -lcsv
 * Usage: csvcount FILE */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>

#define CHUNK (64 * 1024)

struct counts {
    unsigned long long records, fields;
};

static void on_field(void *s, size_t len, void *data)
{
    (void)s;
    (void)len;
    ((struct counts *)data)->fields++;
}

static void on_record(int c, void *data)
{
    (void)c;
    ((struct counts *)data)->records++;
}

static int no_blank(unsigned char c)
{
    (void)c;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s FILE\n", argv[0]);
        return 2;
    }
    FILE *fp = fopen(argv[1], "rb");
    if (!fp) {
        perror(argv[1]);
        return 3;
    }
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        fprintf(stderr, "csvcount: csv_init failed\n");
        return 4;
    }
    csv_set_space_func(&p, no_blank);
    static char buf[CHUNK];
    struct counts c = {0, 0};
    size_t n;
    int rc = 0;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0) {
        if (csv_parse(&p, buf, n, on_field, on_record, &c) != n) {
            fprintf(stderr, "%s: %s\n", argv[1], csv_strerror(csv_error(&p)));
            rc = 1;
            break;
        }
    }
    if (ferror(fp)) {
        perror(argv[1]);
        rc = 3;
    }
    if (rc == 0 && csv_fini(&p, on_field, on_record, &c) != 0) {
        fprintf(stderr, "%s: %s\n", argv[1], csv_strerror(csv_error(&p)));
        rc = 1;
    }
    csv_free(&p);
    fclose(fp);
    if (rc == 0)
        printf("%llu %llu\n", c.records, c.fields);
    return rc;
}
