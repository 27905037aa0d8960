/**
 * DOMAIN.md "People and roles": an admin (and a committee) sees only its org unit and the units below.
 * For list queries the check has to be SQL: the identity read model `org_units` keeps each unit's
 * ancestors in `path` ('/<province>/<city>/…/'), so "within" is a prefix test. Single checks use the
 * OrgScope service of apps/api/src/auth.
 */
export function withinSql(unit: string, ancestor: string): string {
  return `EXISTS (SELECT 1 FROM org_units su, org_units sa WHERE su.id = ${unit} AND sa.id = ${ancestor} AND starts_with(su.path, sa.path))`;
}
