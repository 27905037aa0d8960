/**
 * What a notification's step is about, as its reader knows it (DOMAIN.md "Deadlines and reminders": the email names the
 * step): an application's or a call's title, or — for an office's annual summary — the org unit's name.
 * Steps about people (a mentorship, an ethics ban) have none: names are personal data, and the email
 * does not need them.
 */

/** The stream that holds the title of the step a notification is about, or null when it has none. */
export function titleStreamOf(about: Record<string, unknown>): string | null {
  if (typeof about.applicationId === 'string') return `application-${about.applicationId}`;
  const streamId = typeof about.streamId === 'string' ? about.streamId : null;
  if (!streamId) return null;
  // `annualsummary-<year>-<unit>`: known by its org unit's name.
  if (streamId.startsWith('annualsummary-'))
    return typeof about.subjectId === 'string' ? `orgunit-${about.subjectId}` : null;
  return /^(application|call)-/.test(streamId) ? streamId : null;
}

/** The title in a stream's events: the latest `title` (a draft may be renamed), or an org unit's name. */
export function titleIn(streamId: string, events: ReadonlyArray<{ data: unknown }>): string | null {
  let title: string | null = null;
  for (const e of events) {
    const d = (e.data ?? {}) as { title?: unknown; name?: unknown };
    if (typeof d.title === 'string') title = d.title;
    else if (streamId.startsWith('orgunit-') && typeof d.name === 'string') title = d.name;
  }
  return title;
}
