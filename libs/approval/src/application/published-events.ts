import type { EventData } from '#libs/event-store';
import type { ApprovalEvents } from '#libs/ladder';
import type { ApplicationEvent } from './application.decider.js';

/**
 * Approval's side of the contract the ladder states in `ApprovalEvents` (ARCHITECTURE.md "Between
 * contexts"): what an application records must satisfy what the ladder reads of it. Checked by the type
 * checker only — a renamed or retyped field here fails `npm run typecheck` instead of a tier never
 * awarded or hours never granted.
 */
type Satisfies<Produced extends Consumed, Consumed> = [Produced, Consumed];

export type LadderReadsApplicationDecided = Satisfies<
  EventData<ApplicationEvent, 'ApplicationDecided'>,
  ApprovalEvents['ApplicationDecided']
>;
export type LadderReadsTrainingCompleted = Satisfies<
  EventData<ApplicationEvent, 'TrainingCompleted'>,
  ApprovalEvents['TrainingCompleted']
>;
