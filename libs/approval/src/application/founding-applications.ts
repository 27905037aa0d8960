import { loadState, type EventStore } from '#libs/event-store';
import type { FoundingApplication, FoundingApplications } from '#libs/ladder';
import { applicationDecider, isStarted } from './application.decider.js';

/**
 * Approval's answer to the ladder's FoundingApplications port (seed 000 §五(三) 挂牌认定): the application
 * folded by its own decider — upcasters included — so no other context interprets approval's events.
 */
export function foundingApplications(store: EventStore): FoundingApplications {
  return {
    async of(applicationId: string): Promise<FoundingApplication | null> {
      const { state } = await loadState(store, applicationDecider, `application-${applicationId}`);
      if (!isStarted(state) || !state.applicantId || !state.orgUnit) return null;
      const fields = state.fields;
      return {
        kind: state.kind,
        stage: state.stage,
        applicantId: state.applicantId,
        orgUnit: state.orgUnit,
        name: fields.kind === 'studio' ? fields.name : '',
        subject: 'subject' in fields ? fields.subject : '',
      };
    },
  };
}
