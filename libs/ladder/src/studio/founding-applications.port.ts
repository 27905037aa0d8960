/**
 * The ladder's question to the approval context when a studio is founded (seed 000 §五(三) 挂牌认定;
 * DOMAIN.md "Mentorship and studios"): what the application it is founded on says — its kind, whether
 * the committee approved it, who applied, for which org unit, the studio's name and subject.
 *
 * A port the ladder defines and approval answers (ARCHITECTURE.md "Between contexts": no context folds
 * another's stream or reads its tables). The ladder cannot import approval — approval asks the ladder
 * for eligibility — so the answer is provided where both are composed (ApprovalModule provides it
 * globally; the api and the worker import both modules).
 */
export interface FoundingApplication {
  kind: string;
  /** `approved` once the committee approved it; otherwise the stage it is in. */
  stage: string;
  applicantId: string;
  orgUnit: string;
  name: string;
  subject: string;
}

export interface FoundingApplications {
  /** Read from the application's own stream, not a read model that may lag: the reactor founds at once. */
  of(applicationId: string): Promise<FoundingApplication | null>;
}

export const FOUNDING_APPLICATIONS = Symbol('FOUNDING_APPLICATIONS');
