import { titleIn, titleStreamOf } from './step-title.js';

// DOMAIN.md "Deadlines and reminders": an email names the step — by the title its reader knows it by, never by a person.
describe('the title an email names a step by', () => {
  const due = '2026-09-15T08:00:00.000Z';

  it('comes from the application, the call or the org unit the step belongs to', () => {
    expect(titleStreamOf({ applicationId: 'a-1', reviewerId: 'r-1', revision: 1, dueAt: due })).toBe(
      'application-a-1',
    );
    const step = (streamId: string, subjectId: string) => ({
      step: 's',
      streamId,
      occurrence: 'x',
      subjectId,
      dueAt: due,
    });
    expect(titleStreamOf(step('application-a-2', 'a-2'))).toBe('application-a-2');
    expect(titleStreamOf(step('call-c-1', 'c-1'))).toBe('call-c-1');
    expect(titleStreamOf(step('annualsummary-2026-unit-9', 'unit-9'))).toBe('orgunit-unit-9');
  });

  it('is none for steps about people', () => {
    expect(
      titleStreamOf({ step: 'mentorship_year', streamId: 'mentorship-m-1', subjectId: 'm-1', dueAt: due }),
    ).toBeNull();
    expect(
      titleStreamOf({ step: 'ethics_ban_end', streamId: 'teacher-t-1', subjectId: 't-1', dueAt: due }),
    ).toBeNull();
    expect(titleStreamOf({ dueAt: due })).toBeNull();
  });

  it('is the latest title of the stream, or the org unit’s name', () => {
    expect(
      titleIn('application-a-1', [
        { data: { title: '初稿', applicantId: 'u' } },
        { data: { revision: 2 } },
        { data: { title: '校本研修方案（修订）' } },
      ]),
    ).toBe('校本研修方案（修订）');
    expect(titleIn('orgunit-u-9', [{ data: { name: '青溪市', level: 'city' } }])).toBe('青溪市');
    // A `name` elsewhere is not a title (a studio's name, a person's): only an org unit's counts.
    expect(titleIn('application-a-1', [{ data: { name: '王伟' } }])).toBeNull();
  });
});
