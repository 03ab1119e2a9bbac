/*
 * table: the server-side printing of `kubectl get`, as meta.k8s.io/v1
 * Table columns and row cells.
 *
 * kubectl asks for a Table (kube-api.md 4.3) and prints the columns the
 * server chose; without one it can only print NAME and AGE.  These are
 * the columns and cell texts of kube-apiserver 1.32's printers
 * (pkg/printers/internalversion/printers.go) for the kinds argolab's
 * emulator serves, and of apiextensions-apiserver for custom resources
 * (additionalPrinterColumns).  The server fills the wide (-o wide)
 * columns too; kubectl hides those with priority > 0.
 */
#ifndef SIM_TABLE_H
#define SIM_TABLE_H

#include <jansson.h>

/*
 * sim_table_columns: the columnDefinitions for group/kind (group "" or
 * NULL for the core group): a new JSON array (the caller owns it) of
 * {"name","type","format","description","priority"} objects.
 *
 * printer_columns is a CRD version's additionalPrinterColumns (borrowed,
 * may be NULL): when it is a non-empty array the columns are NAME and
 * then each of them, as apiextensions-apiserver serves custom
 * resources.  Kinds without a printer of their own get NAME and AGE;
 * CustomResourceDefinitions and RBAC roles get NAME and CREATED AT.
 * Never fails.
 */
json_t *sim_table_columns(const char *group, const char *kind, const json_t *printer_columns);

/*
 * sim_table_cells: the cells of one row for obj (borrowed), matching
 * sim_table_columns for the same group, kind and printer_columns: a new
 * JSON array of strings, integers, booleans and nulls as the real
 * server sends them.  now is the wall-clock time in Unix seconds, used
 * for AGE-like cells ("5s", "3m12s", "2d3h", "<unknown>" without a
 * timestamp, kubectl's duration.HumanDuration).
 *
 * Custom resource columns evaluate their jsonPath (".status.phase",
 * ".spec.items[0].name", ".status.conditions[?(@.type==\"Ready\")].status",
 * ".metadata.labels.app\.kubernetes\.io/name"); a path that finds
 * nothing gives null, a date column an age.  Never fails: malformed
 * fields print as if absent.
 */
json_t *sim_table_cells(const char *group, const char *kind, const json_t *printer_columns,
			const json_t *obj, long long now);

#endif
