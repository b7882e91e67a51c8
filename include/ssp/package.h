/* package.h: the paths of a Data Package's resources (datapackage.json),
 * confined to the package folder. Every reader of datapackage.json joins
 * a resource's path to its folder through ssp_package_path. */
#ifndef SSP_PACKAGE_H
#define SSP_PACKAGE_H

#include <stddef.h>

#include "ssp/ssp.h"

/* The file that property prop ("path", "schema") of resource index of
 * the package pkgfile names: path joined to the package folder dir, as
 * "DIR/PATH" (a new string in *out, which the caller frees). As the
 * Frictionless spec requires, a path is refused when it is empty,
 * absolute, a URL (ssp reads no URLs), has a ".." segment, or leads
 * outside dir through a symbolic link (one that leads nowhere is refused
 * too): then *out is NULL and err says, as "PKGFILE: resources[INDEX].PROP:
 * ...", with SSP_EUSAGE. A path to a file that does not exist is not
 * refused here: opening it fails. SSP_EINTERNAL when memory runs out. */
ssp_status ssp_package_path(const char *pkgfile, const char *dir, size_t index,
                            const char *prop, const char *path, char **out,
                            ssp_error *err) SSP_NODISCARD;

#endif
