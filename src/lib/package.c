/* package.c: resource paths of a Data Package, kept inside its folder. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ssp/package.h"

/* "scheme://": a URL, which the spec allows but ssp does not fetch. */
static int is_url(const char *p)
{
    if (!isalpha((unsigned char)*p))
        return 0;
    while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.')
        p++;
    return !strncmp(p, "://", 3);
}

/* A ".." segment anywhere in p. */
static int goes_up(const char *p)
{
    for (const char *s = p; *s;) {
        size_t n = strcspn(s, "/");
        if (n == 2 && s[0] == '.' && s[1] == '.')
            return 1;
        s += n;
        s += *s == '/';
    }
    return 0;
}

/* real lies in the folder root (both resolved, without a trailing '/'
 * except the root folder itself). */
static int inside(const char *real, const char *root)
{
    size_t n = strlen(root);
    if (n == 1 && root[0] == '/')
        return 1;
    return !strncmp(real, root, n) && (real[n] == '\0' || real[n] == '/');
}

ssp_status ssp_package_path(const char *pkgfile, const char *dir, size_t index,
                            const char *prop, const char *path, char **out,
                            ssp_error *err)
{
    const char *why = NULL;
    *out = NULL;
    if (!*path)
        why = "is empty";
    else if (is_url(path))
        why = "is a URL; ssp reads only files inside the package folder";
    else if (path[0] == '/')
        why = "is an absolute path; a Data Package's paths are relative to "
              "its folder";
    else if (goes_up(path))
        why = "has a '..' segment; a Data Package's paths stay inside its "
              "folder";
    if (why)
        return ssp_error_set(err, SSP_EUSAGE, pkgfile, 0, 0,
                             "resources[%zu].%s: '%s' %s", index, prop, path,
                             why);
    size_t dn = strlen(dir), pn = strlen(path);
    char *joined = malloc(dn + pn + 2);
    if (!joined)
        return ssp_error_nomem(err);
    memcpy(joined, dir, dn);
    joined[dn] = '/';
    memcpy(joined + dn + 1, path, pn + 1);
    /* Each existing prefix (DIR/a, DIR/a/b, ...), resolved, must lie in
     * the resolved folder: a symbolic link may not lead out of it. */
    char *root = realpath(dir, NULL);
    ssp_status st = SSP_OK;
    if (!root) {
        st = errno == ENOMEM ? ssp_error_nomem(err) : SSP_OK;
        goto done; /* no folder: opening the file fails and says so */
    }
    for (size_t end = dn + 1; st == SSP_OK; end++) {
        if (joined[end] != '/' && joined[end] != '\0')
            continue;
        char c = joined[end];
        joined[end] = '\0';
        struct stat sb;
        int exists = lstat(joined, &sb) == 0;
        errno = 0;
        char *real = exists ? realpath(joined, NULL) : NULL;
        if (exists && !real && errno == ENOMEM) {
            joined[end] = c;
            st = ssp_error_nomem(err);
            break;
        }
        if (exists && !real)
            why = S_ISLNK(sb.st_mode) ? "is, or passes through, a symbolic "
                                        "link that leads nowhere"
                                      : "cannot be resolved";
        else if (real && !inside(real, root))
            why = "leads outside the package folder through a symbolic link";
        free(real);
        joined[end] = c;
        if (why)
            st = ssp_error_set(err, SSP_EUSAGE, pkgfile, 0, 0,
                               "resources[%zu].%s: '%s' %s", index, prop, path,
                               why);
        if (!exists || !c)
            break;
    }
done:
    free(root);
    if (st != SSP_OK) {
        free(joined);
        return st;
    }
    *out = joined;
    return SSP_OK;
}
