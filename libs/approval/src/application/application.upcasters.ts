import { registerUpcasters, type RecordedEvent, type Upcaster } from '#libs/event-store';
import { targetTierOf, type ApplicationFields, type ApplicationKind } from './application.decider.js';

/**
 * Old shapes of the application's events, read in their newest (ARCHITECTURE.md "Between contexts":
 * never rename a type — add a version and upcast old ones on read).
 *
 * `ApplicationDecided` v1 → v2: version 2 names the applicant, the kind and the target tier, so that a
 * reactor acting on a decision (the ladder awards the tier, founds the studio) needs nothing but the
 * event. A v1 event did not carry them; its stream did, in `ApplicationDrafted` and the latest
 * `DraftUpdated` before it — the fields cannot change after submission, so they are the ones decided on.
 */
export const APPLICATION_UPCASTERS: readonly Upcaster[] = [
  {
    type: 'ApplicationDecided',
    fromVersion: 1,
    needs: ['ApplicationDrafted', 'DraftUpdated'],
    upcast(data: unknown, earlier: readonly RecordedEvent[]) {
      let applicantId: string | null = null;
      let kind: ApplicationKind | null = null;
      let fields: ApplicationFields | null = null;
      for (const e of earlier) {
        const d = e.data as { applicantId?: string; kind?: ApplicationKind; fields?: ApplicationFields };
        if (e.type === 'ApplicationDrafted') {
          applicantId = d.applicantId ?? null;
          kind = d.kind ?? null;
          fields = d.fields ?? null;
        } else if (e.type === 'DraftUpdated' && d.fields) fields = d.fields;
      }
      return { ...(data as object), applicantId, kind, targetTier: targetTierOf(fields) };
    },
  },
];

// Registered when the approval context is loaded: any process that reads application events (the api,
// the worker, the rebuild and timer commands) reads them in their newest shape.
registerUpcasters(APPLICATION_UPCASTERS);
