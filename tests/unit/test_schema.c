/* test_schema.c: Table Schema loading and the cell checks of each type. */
#include <jansson.h>
#include <stdlib.h>
#include <unistd.h>

#include "ssp/schema.h"
#include "test.h"

static ssp_schema *schema(const char *json, ssp_error *e)
{
    json_t *j = json_loads(json, 0, NULL);
    ssp_schema *s = j ? ssp_schema_from_json(j, "test", e) : NULL;
    json_decref(j);
    return s;
}

/* Check s against a one-field schema of the given field JSON. */
static ssp_cell check(const char *field, const char *s, double *v)
{
    char json[600], msg[400];
    snprintf(json, sizeof json, "{\"fields\": [%s]}", field);
    ssp_error e;
    ssp_schema *sc = schema(json, &e);
    if (!sc) {
        fprintf(stderr, "  schema refused: %s\n", e.msg);
        test_failed = 1;
        return SSP_CELL_TYPE;
    }
    double dummy;
    ssp_cell c = ssp_cell_check(&sc->fields[0], s, strlen(s), v ? v : &dummy,
                                msg, sizeof msg);
    ssp_schema_free(sc);
    return c;
}

#define F(t) "{\"name\": \"x\", \"type\": \"" t "\"}"

static void types(void)
{
    double v;
    CHECK(check(F("integer"), "-42", &v) == SSP_CELL_OK && v == -42);
    CHECK(check(F("integer"), "4.0", NULL) == SSP_CELL_TYPE);
    CHECK(check(F("number"), "1e3", &v) == SSP_CELL_OK && v == 1000);
    CHECK(check(F("number"), "INF", &v) == SSP_CELL_OK && isinf(v));
    CHECK(check(F("number"), " 1", NULL) == SSP_CELL_TYPE);
    CHECK(check(F("boolean"), "TRUE", &v) == SSP_CELL_OK && v == 1);
    CHECK(check(F("boolean"), "yes", NULL) == SSP_CELL_TYPE);
    CHECK(check(F("date"), "2024-02-29", &v) == SSP_CELL_OK && v == 19782);
    CHECK(check(F("date"), "2023-02-29", NULL) == SSP_CELL_TYPE);
    CHECK(check(F("date"), "2024-7-01", NULL) == SSP_CELL_TYPE);
    CHECK(check(F("time"), "23:59:59.5", &v) == SSP_CELL_OK && v == 86399.5);
    CHECK(check(F("time"), "24:00:00", NULL) == SSP_CELL_TYPE);
    /* The same instant in two offsets is one value. */
    double a, b;
    CHECK(check(F("datetime"), "2024-07-01T14:05:00+09:00", &a) == SSP_CELL_OK);
    CHECK(check(F("datetime"), "2024-07-01T05:05:00Z", &b) == SSP_CELL_OK);
    CHECK(a == b && a == 1719810300);
    CHECK(check(F("datetime"), "2024-07-01 14:05:00", NULL) == SSP_CELL_TYPE);
    CHECK(check(F("year"), "1941", &v) == SSP_CELL_OK && v == 1941);
    CHECK(check(F("yearmonth"), "1941-03", &v) == SSP_CELL_OK &&
          v == 1941 * 12 + 2);
    CHECK(check(F("yearmonth"), "1941-13", NULL) == SSP_CELL_TYPE);
    CHECK(check(F("duration"), "P1Y2M3DT4H5M6.5S", NULL) == SSP_CELL_OK);
    CHECK(check(F("duration"), "PT45M", NULL) == SSP_CELL_OK);
    CHECK(check(F("duration"), "P", NULL) == SSP_CELL_TYPE);
    CHECK(check(F("duration"), "PT", NULL) == SSP_CELL_TYPE);
    CHECK(check(F("duration"), "P1H", NULL) == SSP_CELL_TYPE);
    CHECK(check(F("duration"), "P1D2Y", NULL) == SSP_CELL_TYPE);
}

static void formats(void)
{
    double v;
    const char *dmy = "{\"name\": \"x\", \"type\": \"date\", \"format\": "
                      "\"%d/%m/%Y\"}";
    CHECK(check(dmy, "29/02/2024", &v) == SSP_CELL_OK && v == 19782);
    CHECK(check(dmy, "31/04/2024", NULL) == SSP_CELL_TYPE);
    CHECK(check(dmy, "2024-02-29", NULL) == SSP_CELL_TYPE);
    const char *any = "{\"name\": \"x\", \"type\": \"date\", \"format\": "
                      "\"any\"}";
    CHECK(check(any, "2024.02.29", &v) == SSP_CELL_OK && v == 19782);
    const char *dt = "{\"name\": \"x\", \"type\": \"datetime\", \"format\": "
                     "\"%Y-%m-%d %H:%M:%S%z\"}";
    CHECK(check(dt, "2024-07-01 14:05:00+0900", &v) == SSP_CELL_OK &&
          v == 1719810300);
}

static void constraints(void)
{
    const char *pat = "{\"name\": \"x\", \"constraints\": {\"pattern\": "
                      "\"\\\\d{3}-[가-힣]+\"}}";
    CHECK(check(pat, "123-홍천", NULL) == SSP_CELL_OK);
    CHECK(check(pat, "123-홍천x", NULL) == SSP_CELL_CONSTRAINT); /* anchored */
    CHECK(check(pat, "12-홍천", NULL) == SSP_CELL_CONSTRAINT);
    const char *len = "{\"name\": \"x\", \"constraints\": {\"maxLength\": 2}}";
    CHECK(check(len, "홍천", NULL) == SSP_CELL_OK); /* characters, not bytes */
    CHECK(check(len, "홍천군", NULL) == SSP_CELL_CONSTRAINT);
    const char *dmin =
        "{\"name\": \"x\", \"type\": \"datetime\", \"constraints\":"
        " {\"minimum\": \"2024-07-01T00:00:00+09:00\"}}";
    CHECK(check(dmin, "2024-06-30T15:00:00Z", NULL) == SSP_CELL_OK);
    CHECK(check(dmin, "2024-06-30T14:59:59Z", NULL) == SSP_CELL_CONSTRAINT);
    const char *en = "{\"name\": \"x\", \"type\": \"number\", \"constraints\": "
                     "{\"enum\": [1, 2.5]}}";
    CHECK(check(en, "2.50", NULL) == SSP_CELL_OK); /* values, not texts */
    CHECK(check(en, "3", NULL) == SSP_CELL_CONSTRAINT);
    const char *req =
        "{\"name\": \"x\", \"constraints\": {\"required\": true}}";
    CHECK(check(req, "", NULL) == SSP_CELL_CONSTRAINT);
    CHECK(check(F("string"), "", NULL) == SSP_CELL_NULL);
}

static void refusals(void)
{
    static const char *const bad[] = {
        "{\"fields\": [{\"name\": \"x\", \"type\": \"geopoint\"}]}",
        "{\"fields\": [{\"name\": \"x\", \"format\": \"email\"}]}",
        "{\"fields\": [{\"name\": \"x\", \"constraints\": {\"multipleOf\": "
        "2}}]}",
        "{\"fields\": [{\"name\": \"x\", \"groupChar\": \",\"}]}",
        "{\"fields\": [{\"name\": \"x\"}], \"primaryKey\": \"y\"}",
        "{\"fields\": [{\"name\": \"x\"}, {\"name\": \"x\"}]}",
        "{\"fields\": [{\"name\": \"x\"}], \"rowConstraints\": []}",
        ("{\"fields\": [{\"name\": \"x\", \"type\": \"duration\", "
         "\"constraints\": {\"minimum\": \"P1D\"}}]}"),
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ssp_error e = {0};
        ssp_schema *s = schema(bad[i], &e);
        if (s || e.status != SSP_EUSAGE) {
            fprintf(stderr, "  accepted: %s\n", bad[i]);
            test_failed = 1;
        }
        ssp_schema_free(s);
    }
}

/* Issue 12 items 8 and 32: dates and times are checked, never normalized
 * (strptime takes second 61 and timegm would roll it over); no leap
 * second; offsets within -12:00..+14:00; a value is never cut to fit a
 * buffer (what is left might parse). */
static void n12_civil_checked(void)
{
    CHECK(check(F("datetime"), "2024-07-01T10:00:60Z", NULL) == SSP_CELL_TYPE);
    CHECK(check(F("datetime"), "2024-07-01T10:00:59Z", NULL) == SSP_CELL_OK);
    CHECK(check(F("datetime"), "2024-07-01T10:00:00+15:00", NULL) ==
          SSP_CELL_TYPE);
    CHECK(check(F("datetime"), "2024-07-01T10:00:00-12:30", NULL) ==
          SSP_CELL_TYPE);
    CHECK(check(F("datetime"), "2024-07-01T10:00:00+14:00", NULL) ==
          SSP_CELL_OK);
    CHECK(check(F("time"), "23:59:60", NULL) == SSP_CELL_TYPE);
    const char *p = "{\"name\": \"x\", \"type\": \"datetime\", \"format\": "
                    "\"%Y-%m-%d %H:%M:%S\"}";
    CHECK(check(p, "2024-07-01 10:00:60", NULL) == SSP_CELL_TYPE);
    CHECK(check(p, "2024-07-01 10:00:61", NULL) == SSP_CELL_TYPE);
    CHECK(check(p, "2024-02-30 10:00:00", NULL) == SSP_CELL_TYPE);
    CHECK(check(p, "2024-02-29 23:59:59", NULL) == SSP_CELL_OK);
    const char *d = "{\"name\": \"x\", \"type\": \"date\", \"format\": "
                    "\"%d/%m/%Y\"}";
    CHECK(check(d, "31/04/2024", NULL) == SSP_CELL_TYPE);
    CHECK(check(d, "30/04/2024", NULL) == SSP_CELL_OK);
    const char *t = "{\"name\": \"x\", \"type\": \"time\", \"format\": "
                    "\"%H:%M \"}";
    char v[200];
    snprintf(v, sizeof v, "10:00%90sjunk", "");
    CHECK(check(t, "10:00 ", NULL) == SSP_CELL_OK);
    CHECK(check(t, v, NULL) == SSP_CELL_TYPE);
}

/* Issue 12 item 11: a value of the wrong type in a schema or in the
 * instrument catalogue is refused, not read as its default. */
static void n12_wrong_types(void)
{
    static const char *const bad[] = {
        ("{\"fields\": [{\"name\": \"x\"}, {\"name\": \"y\"}], "
         "\"foreignKeys\": "
         "[{\"fields\": \"x\", \"reference\": {\"resource\": 5, \"fields\": "
         "\"y\"}}]}"),
        "{\"fields\": [{\"name\": \"x\", \"title\": 5}]}",
        "{\"title\": [\"t\"], \"fields\": [{\"name\": \"x\"}]}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ssp_error e = {0};
        ssp_schema *s = schema(bad[i], &e);
        if (s || e.status != SSP_EUSAGE) {
            fprintf(stderr, "  accepted: %s\n", bad[i]);
            test_failed = 1;
        }
        ssp_schema_free(s);
    }
    static const char *const cats[] = {
        "{\"instruments\": [{\"code\": \"A\", \"integer\": \"yes\"}]}",
        "{\"instruments\": [{\"code\": \"A\", \"min\": \"0\"}]}",
        "{\"instruments\": [{\"code\": 7}]}",
        "{\"instruments\": [{\"code\": \"A\", \"better\": \"up\"}]}",
        "{\"instruments\": [3]}",
    };
    char dir[] = "/tmp/ssp-test-cat-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    setenv("SSP_SCHEMA_DIR", dir, 1);
    char path[300];
    snprintf(path, sizeof path, "%s/cat.json", dir);
    for (size_t i = 0; i < sizeof cats / sizeof cats[0]; i++) {
        FILE *fp = fopen(path, "w");
        CHECK(fp != NULL);
        if (!fp)
            break;
        fputs(cats[i], fp);
        fclose(fp);
        ssp_error e = {0};
        ssp_range *r = NULL;
        size_t n = 0;
        if (ssp_catalogue_load("cat.json", &r, &n, &e) != SSP_EUSAGE) {
            fprintf(stderr, "  catalogue accepted: %s\n", cats[i]);
            test_failed = 1;
        }
        free(r);
    }
    remove(path);
    rmdir(dir);
    unsetenv("SSP_SCHEMA_DIR");
}

static void shipped_schemas_load(void)
{
    static const char *const names[] = {"subjects",
                                        "measures",
                                        "usage",
                                        "events",
                                        "huggy_vest_epochs",
                                        "huggy_vest_alerts",
                                        "food_scanner_meals",
                                        "cognitive_kiosk_sessions",
                                        "smart_diaper_events",
                                        "exercise_bike_sessions",
                                        "ai_band_minutes",
                                        "ai_speaker_interactions"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char path[256];
        snprintf(path, sizeof path, "data-schema/%s.schema.json", names[i]);
        ssp_error e;
        ssp_schema *s = ssp_schema_load(path, &e);
        if (!s) {
            fprintf(stderr, "  %s: %s\n", path, e.msg);
            test_failed = 1;
        }
        ssp_schema_free(s);
    }
}

static const struct test tests[] = {
    T(types),
    T(formats),
    T(constraints),
    T(refusals),
    T(shipped_schemas_load),
    T(n12_civil_checked),
    T(n12_wrong_types),
};
TEST_MAIN(tests)
