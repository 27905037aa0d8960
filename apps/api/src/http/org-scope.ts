import { orgUnitWithinSql } from '#libs/identity';

/**
 * DOMAIN.md "People and roles": an admin (and a committee) sees only its org unit and the units below.
 * For list queries the check has to be SQL; it is identity's "within" test (orgUnitWithinSql, the one
 * place it is written — ARCHITECTURE.md "Between contexts"). Single checks use the OrgScope service of
 * apps/api/src/auth, or identity's directory port.
 */
export function withinSql(unit: string, ancestor: string): string {
  return orgUnitWithinSql(unit, ancestor);
}
