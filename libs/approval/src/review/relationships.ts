import type { IdentityDirectory } from '#libs/identity';
import type { LadderRelations } from '#libs/ladder';
import type { ConflictReason } from '../application/application.decider.js';

/**
 * Facts for conflict-of-interest checks (DOMAIN.md 利益回避), asked of the contexts that own them through
 * their ports (ARCHITECTURE.md "Between contexts"): identity's directory (each user's school) and the
 * ladder's relations (mentorships, studios). A port that cannot answer fails the check rather than
 * contributing no conflicts. One answer per reviewer asked, in the order of ConflictReason, so the
 * assignment (the decider's facts) and the chair's list of candidates compute them the same way and
 * cannot disagree.
 */
export async function conflictsFor(
  ports: { directory: IdentityDirectory; ladder: LadderRelations },
  reviewerIds: readonly string[],
  applicantId: string,
): Promise<Map<string, ConflictReason[]>> {
  const out = new Map<string, ConflictReason[]>(reviewerIds.map((id) => [id, []]));
  if (reviewerIds.length === 0) return out;
  const add = (id: string, reason: ConflictReason) => {
    const list = out.get(id);
    if (list && !list.includes(reason)) list.push(reason);
  };
  for (const id of reviewerIds) if (id === applicantId) add(id, 'own_application');
  const ids = [...new Set(reviewerIds)].filter((id) => id !== applicantId);
  if (ids.length === 0) return out;
  const schools = await ports.directory.schoolsOf([...ids, applicantId]);
  const applicantSchool = schools.get(applicantId) ?? null;
  if (applicantSchool !== null)
    for (const id of ids) if (schools.get(id) === applicantSchool) add(id, 'same_school');
  for (const id of await ports.ladder.mentorshipPartners(ids, applicantId)) add(id, 'mentor_or_mentee');
  for (const id of await ports.ladder.studioPeers(ids, applicantId)) add(id, 'same_studio');
  // One order whatever the query order: the order of the reasons' type.
  const order: ConflictReason[] = ['same_school', 'mentor_or_mentee', 'same_studio', 'own_application'];
  for (const list of out.values()) list.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return out;
}
