/* fuzz_json.c: the JSON documents ssp reads from a path: a Table Schema,
 * an ingest mapping, an evaluation plan, an indicator catalogue, and
 * results judged against a plan (the first byte picks which; the rest is
 * the document). Each must load or be refused with a message, never
 * crash. */
#include <assert.h>
#include <jansson.h>
#include <string.h>

#include "fuzz.h"
#include "ssp/indicators.h"
#include "ssp/mapping.h"
#include "ssp/plan.h"
#include "ssp/schema.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const char *path = fuzz_file(data + 1, size - 1);
    if (!path)
        return 0;
    ssp_error e = {0};
    switch (data[0] % 5) {
    case 0: {
        ssp_schema *s = ssp_schema_load(path, &e);
        assert(s || e.status);
        ssp_schema_free(s);
        break;
    }
    case 1: {
        ssp_mapping *m = ssp_mapping_load(path, &e);
        assert(m || e.status);
        ssp_mapping_free(m);
        break;
    }
    case 2: {
        json_t *p = ssp_plan_load(path, &e);
        assert(p || e.status);
        json_decref(p);
        break;
    }
    case 3: {
        ssp_ind_options o = {.level = 0.95, .adjust = -1};
        ssp_ind *x = ssp_ind_open(path, &o, &e);
        assert(x || e.status);
        ssp_ind_free(x);
        break;
    }
    case 4: { /* results, judged by a fixed plan */
        static json_t *plan;
        if (!plan) {
            ssp_error pe;
            plan = ssp_plan_load("examples/plans/huggy_vest.json", &pe);
        }
        json_t *res = json_loadb((const char *)data + 1, size - 1, 0, NULL);
        if (plan && res) {
            json_t *j = ssp_plan_judge(plan, res, &e);
            assert(j || e.status);
            json_decref(j);
        }
        json_decref(res);
        break;
    }
    }
    return 0;
}
