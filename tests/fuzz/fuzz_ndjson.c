/* fuzz_ndjson.c: NDJSON vendor exports as ssp ingest reads them: cut into
 * records, each parsed as a JSON object, its members read as source
 * values and converted by the fields of the two NDJSON mappings of
 * examples/ (epoch milliseconds, ISO datetimes). Beyond the sanitizers'
 * checks it asserts what the rejects rely on: each record and its line
 * end are the input's bytes, in order, with only empty lines between
 * them; a record that is refused says why and where. */
#include <assert.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "ssp/mapping.h"
#include "ssp/num.h"

/* The end of the empty lines (nothing or CRs before LF) at data[pos..). */
static size_t past_empty(const uint8_t *data, size_t size, size_t pos,
                         long *lines)
{
    for (;;) {
        size_t e = pos;
        while (e < size && data[e] == '\r')
            e++;
        if (e < size && data[e] != '\n')
            return pos;
        if (e == pos && e == size)
            return pos;
        ++*lines;
        pos = e + (e < size);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static ssp_mapping *maps[2];
    if (!maps[0]) {
        ssp_error e;
        maps[0] = ssp_mapping_load("examples/mappings/nuvilab-meals.json", &e);
        maps[1] =
            ssp_mapping_load("examples/mappings/marknova-speaker.json", &e);
        assert(maps[0] && maps[1] && maps[0]->ndjson && maps[1]->ndjson);
    }
    const char *path = fuzz_file(data, size);
    FILE *fp = path ? fopen(path, "rb") : NULL;
    if (!fp)
        return 0;
    char *line = NULL, *out = NULL;
    size_t cap = 0, len, outcap = 0, pos = 0;
    long lineno = 0, lines = 0;
    const char *term;
    while (ssp_ndjson_next(fp, &line, &cap, &len, &lineno, &term)) {
        pos = past_empty(data, size, pos, &lines);
        assert(++lines == lineno && line[len] == '\0');
        assert(pos + len + strlen(term) <= size);
        assert(!memcmp(data + pos, line, len));
        assert(!memcmp(data + pos + len, term, strlen(term)));
        assert(*term || pos + len == size);
        pos += len + strlen(term);
        void *obj;
        long col = 0;
        char msg[400] = "";
        if (!ssp_ndjson_record(line, len, &obj, &col, msg, sizeof msg)) {
            assert(!obj && col >= 1 && *msg);
            continue;
        }
        const char *k;
        json_t *v;
        json_object_foreach((json_t *)obj, k, v)
        {
            char buf[64];
            const char *s = ssp_ndjson_value(obj, k, buf, sizeof buf);
            double x;
            if (json_is_real(v)) /* the shortest form that reads back */
                assert(ssp_parse_double(s, strlen(s), &x) &&
                       x == json_real_value(v));
            else if (!json_is_string(v) && !json_is_integer(v) &&
                     !json_is_boolean(v))
                assert(!*s);
        }
        for (size_t i = 0; i < 2; i++)
            for (size_t j = 0; j < maps[i]->nfields; j++) {
                const ssp_mfield *f = &maps[i]->fields[j];
                char buf[64];
                const char *in =
                    f->from ? ssp_ndjson_value(obj, f->from, buf, sizeof buf)
                            : "";
                *msg = '\0';
                int rc = ssp_mapping_convert(maps[i], f, in, &out, &outcap, msg,
                                             sizeof msg);
                assert(rc >= 0 && (rc || *msg));
            }
        json_decref(obj);
    }
    assert(past_empty(data, size, pos, &lines) == size && lines == lineno);
    free(line);
    free(out);
    fclose(fp);
    return 0;
}
