/* test_package.c: resource paths of a Data Package stay in its folder. */
#include <stdlib.h>
#include <unistd.h>

#include "ssp/package.h"
#include "test.h"

static char root[64], pkg[160], dir[96];

static void setup(void)
{
    if (*root)
        return;
    snprintf(root, sizeof root, "/tmp/ssp-test-package.XXXXXX");
    if (!mkdtemp(root))
        abort();
    snprintf(dir, sizeof dir, "%.60s/pkg", root);
    snprintf(pkg, sizeof pkg, "%.90s/datapackage.json", dir);
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "mkdir -p %s/data %s/out && echo x >%s/data/a.csv && "
             "echo secret >%s/out/s.csv && ln -s ../out/s.csv %s/up.csv && "
             "ln -s %s/out %s/outdir && ln -s data/a.csv %s/in.csv && "
             "ln -s data %s/indir && ln -s nothing %s/dangling.csv",
             dir, root, dir, root, dir, root, dir, dir, dir, dir);
    if (system(cmd) != 0)
        abort();
}

/* path is accepted as DIR/path. */
static void ok(const char *path)
{
    char *out, want[512];
    ssp_error e = {0};
    snprintf(want, sizeof want, "%s/%s", dir, path);
    ssp_status st = ssp_package_path(pkg, dir, 3, "path", path, &out, &e);
    CHECK(st == SSP_OK);
    if (st == SSP_OK)
        CHECK_STR(out, want);
    else
        fprintf(stderr, "  %s: %s\n", path, e.msg);
    free(out);
}

/* path is refused with status 2 and a message ending in why. */
static void refused(const char *prop, const char *path, const char *why)
{
    char *out = (char *)"unset", want[1024];
    ssp_error e = {0};
    ssp_status st = ssp_package_path(pkg, dir, 3, prop, path, &out, &e);
    CHECK(st == SSP_EUSAGE);
    CHECK(out == NULL);
    CHECK_STR(e.file, pkg);
    snprintf(want, sizeof want, "resources[3].%s: '%s' %s", prop, path, why);
    CHECK_STR(e.msg, want);
}

static void inside(void)
{
    setup();
    ok("data/a.csv");
    ok("./data/a.csv");
    ok("data//a.csv");
    ok("in.csv");        /* a link within the folder */
    ok("indir/a.csv");   /* through a linked folder within it */
    ok("not-there.csv"); /* opening it fails, and says so */
    ok("no/such/dir.csv");
    ok("a..b.csv"); /* '..' only as a whole segment */
    ok("...");
    ok("data:x.csv"); /* no '//': a file name, not a URL */
}

static void outside(void)
{
    setup();
    const char *up = "has a '..' segment; a Data Package's paths stay "
                     "inside its folder";
    const char *abs = "is an absolute path; a Data Package's paths are "
                      "relative to its folder";
    const char *link = "leads outside the package folder through a "
                       "symbolic link";
    refused("path", "", "is empty");
    refused("path", "/etc/passwd", abs);
    refused("schema", "/etc/passwd", abs);
    refused("path", "../out/s.csv", up);
    refused("path", "data/../../out/s.csv", up);
    refused("path", "..", up);
    refused("path", "data/..", up);
    refused("path", "https://example.org/a.csv",
            "is a URL; ssp reads only files inside the package folder");
    refused("path", "file:///etc/passwd",
            "is a URL; ssp reads only files inside the package folder");
    refused("path", "up.csv", link);
    refused("path", "outdir/s.csv", link);
    refused("path", "outdir/new.csv", link);
    refused("path", "dangling.csv",
            "is, or passes through, a symbolic link "
            "that leads nowhere");
}

static void cleanup(void)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf %s", root);
    CHECK(system(cmd) == 0);
}

static const struct test tests[] = {T(inside), T(outside), T(cleanup)};
TEST_MAIN(tests)
