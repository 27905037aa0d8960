import { given } from '#testing/event-store';
import { studioDecider as d, type StudioApplicationFacts, type StudioEvent } from './studio.decider.js';

// 名优教师工作室 (seed 000 §五(三); DOMAIN.md "Mentorship and studios"): founded on an approved studio
// application, led by a master teacher, members across schools and subjects; membership feeds 利益回避.
const NOW = '2026-09-01T08:00:00.000Z';
const admin = { actorId: 'admin-1', actorRole: 'admin' };
const system = { actorId: 'system', actorRole: 'system' };
const leader = { actorId: 'master-1', actorRole: 'teacher' };
const member = { actorId: 'teacher-2', actorRole: 'teacher' };
const other = { actorId: 'teacher-3', actorRole: 'teacher' };
const application: StudioApplicationFacts = {
  id: 'app-7',
  kind: 'studio',
  stage: 'approved',
  applicantId: 'master-1',
  orgUnit: 'city-1',
  name: '王老师初中数学工作室',
  subject: '初中数学',
  applicantTier: 'master',
};
const founded: StudioEvent[] = [
  {
    type: 'StudioFounded',
    data: {
      applicationId: 'app-7',
      leaderId: 'master-1',
      name: '王老师初中数学工作室',
      subject: '初中数学',
      orgUnit: 'city-1',
      foundedAt: NOW,
    },
  },
  { type: 'MemberJoined', data: { memberId: 'master-1', role: 'leader', addedBy: 'system', joinedAt: NOW } },
];
const joined = (memberId: string, addedBy = 'master-1'): StudioEvent => ({
  type: 'MemberJoined',
  data: { memberId, role: 'member', addedBy, joinedAt: NOW },
});
const withMember = [...founded, joined('teacher-2')];

describe('founding a studio on an approved studio application (seed 000 §五(三) 挂牌认定)', () => {
  it('founds the studio led by the applicant, who is its first member', () => {
    given(d).when({ type: 'FoundStudio', application }, system).then(founded);
  });

  it('refuses a leader who is not a master teacher', () => {
    given(d)
      .when({ type: 'FoundStudio', application: { ...application, applicantTier: 'leader' } }, system)
      .thenRefuses('leader_not_master');
  });

  it('refuses an application that is not an approved studio application', () => {
    given(d)
      .when({ type: 'FoundStudio', application: { ...application, stage: 'in_review' } }, system)
      .thenRefuses('application_not_approved');
    given(d)
      .when({ type: 'FoundStudio', application: { ...application, kind: 'training_project' } }, system)
      .thenRefuses('not_a_studio_application');
  });

  it('is founded by the office, once', () => {
    given(d).when({ type: 'FoundStudio', application }, leader).thenRefuses('office_only');
    given(d, founded).when({ type: 'FoundStudio', application }, admin).thenRefuses('studio_exists');
  });
});

describe('members join and leave', () => {
  it('lets the leader or an admin add a member from any school or subject', () => {
    given(d, founded)
      .when({ type: 'AddMember', memberId: 'teacher-2' }, leader)
      .then([joined('teacher-2')]);
    given(d, founded)
      .when({ type: 'AddMember', memberId: 'teacher-2' }, admin)
      .then([joined('teacher-2', 'admin-1')]);
  });

  it('refuses a member added by anyone else, or by themselves', () => {
    given(d, withMember)
      .when({ type: 'AddMember', memberId: 'teacher-3' }, member)
      .thenRefuses('leader_or_admin_only');
    given(d, founded)
      .when({ type: 'AddMember', memberId: 'teacher-3' }, other)
      .thenRefuses('leader_or_admin_only');
  });

  it('refuses a duplicate member, the leader included', () => {
    given(d, withMember)
      .when({ type: 'AddMember', memberId: 'teacher-2' }, leader)
      .thenRefuses('already_member');
    given(d, founded).when({ type: 'AddMember', memberId: 'master-1' }, admin).thenRefuses('already_member');
  });

  it('lets a member leave by themselves, and the leader or an admin remove one', () => {
    given(d, withMember)
      .when({ type: 'RemoveMember', memberId: 'teacher-2', reason: '调动' }, member)
      .then([
        {
          type: 'MemberLeft',
          data: {
            memberId: 'teacher-2',
            reason: '调动',
            removedBy: 'teacher-2',
            selfLeft: true,
            leftAt: NOW,
          },
        },
      ]);
    given(d, withMember)
      .when({ type: 'RemoveMember', memberId: 'teacher-2', reason: 'inactive' }, leader)
      .then([
        {
          type: 'MemberLeft',
          data: {
            memberId: 'teacher-2',
            reason: 'inactive',
            removedBy: 'master-1',
            selfLeft: false,
            leftAt: NOW,
          },
        },
      ]);
  });

  it('refuses another member removing someone, a non-member, a missing reason', () => {
    const more = [...withMember, joined('teacher-3')];
    given(d, more)
      .when({ type: 'RemoveMember', memberId: 'teacher-2', reason: 'x' }, other)
      .thenRefuses('leader_or_admin_only');
    given(d, founded)
      .when({ type: 'RemoveMember', memberId: 'teacher-2', reason: 'x' }, admin)
      .thenRefuses('not_a_member');
    given(d, withMember)
      .when({ type: 'RemoveMember', memberId: 'teacher-2', reason: ' ' }, member)
      .thenRefuses('reason_required');
  });

  it('never lets the leader leave: the studio closes instead', () => {
    given(d, withMember)
      .when({ type: 'RemoveMember', memberId: 'master-1', reason: 'x' }, leader)
      .thenRefuses('leader_cannot_leave');
    given(d, withMember)
      .when({ type: 'RemoveMember', memberId: 'master-1', reason: 'x' }, admin)
      .thenRefuses('leader_cannot_leave');
  });

  it('lets a member who left be added again', () => {
    const left: StudioEvent = {
      type: 'MemberLeft',
      data: { memberId: 'teacher-2', reason: 'x', removedBy: 'teacher-2', selfLeft: true, leftAt: NOW },
    };
    given(d, [...withMember, left])
      .when({ type: 'AddMember', memberId: 'teacher-2' }, leader)
      .then([joined('teacher-2')]);
  });
});

describe('closing a studio', () => {
  const closed: StudioEvent = {
    type: 'StudioClosed',
    data: { reason: '期满', closedBy: 'admin-1', members: ['master-1', 'teacher-2'], closedAt: NOW },
  };

  it('is closed by an admin or the leader, naming every member it releases', () => {
    given(d, withMember).when({ type: 'CloseStudio', reason: '期满' }, admin).then([closed]);
    given(d, withMember)
      .when({ type: 'CloseStudio', reason: '期满' }, member)
      .thenRefuses('leader_or_admin_only');
  });

  it('takes no further changes once closed', () => {
    given(d, [...withMember, closed])
      .when({ type: 'AddMember', memberId: 'teacher-3' }, admin)
      .thenRefuses('studio_closed');
    given(d, [...withMember, closed])
      .when({ type: 'CloseStudio', reason: 'x' }, admin)
      .thenRefuses('studio_closed');
    given(d).when({ type: 'AddMember', memberId: 'teacher-3' }, admin).thenRefuses('studio_not_found');
  });
});

describe('rules pinned by mutation testing', () => {
  const closed: StudioEvent = {
    type: 'StudioClosed',
    data: { reason: '期满', closedBy: 'admin-1', members: ['master-1', 'teacher-2'], closedAt: NOW },
  };
  const left = (memberId: string): StudioEvent => ({
    type: 'MemberLeft',
    data: { memberId, reason: 'x', removedBy: memberId, selfLeft: true, leftAt: NOW },
  });

  it('keeps each studio on its own studio stream, its leader first among its members', () => {
    expect(d.category).toBe('studio');
    expect(given(d).state).toEqual({ status: 'none' });
    expect(given(d, [...withMember, joined('teacher-3'), left('teacher-2')]).state).toEqual({
      status: 'open',
      leaderId: 'master-1',
      applicationId: 'app-7',
      // The studio's unit (its founding application's): where the office's scope is decided.
      orgUnit: 'city-1',
      members: ['master-1', 'teacher-3'],
    });
    expect(given(d, [...withMember, closed]).state).toEqual({
      status: 'closed',
      leaderId: 'master-1',
      applicationId: 'app-7',
      orgUnit: 'city-1',
    });
  });

  it('leaves the state as it is for an event out of the lifecycle', () => {
    // A member before the founding, a second founding, anything after the closing.
    expect(given(d, [joined('teacher-2'), left('teacher-2'), closed]).state).toEqual({ status: 'none' });
    const again: StudioEvent = {
      ...founded[0]!,
      data: { ...(founded[0]!.data as object), leaderId: 'x', applicationId: 'y' },
    } as StudioEvent;
    expect(given(d, [...withMember, again]).state).toEqual(given(d, withMember).state);
    const after = [...withMember, closed];
    expect(given(d, [...after, joined('teacher-3'), left('teacher-2'), closed, again]).state).toEqual(
      given(d, after).state,
    );
  });

  it('leaves the state as it is for an event type it does not know', () => {
    const state = given(d, withMember).state;
    expect(d.evolve(state, { type: 'StudioRenamed', data: {} } as unknown as StudioEvent)).toBe(state);
  });

  it('is founded by a chair or an admin too, the founder named on the leader’s joining', () => {
    for (const office of [admin, { actorId: 'chair-1', actorRole: 'chair' }]) {
      given(d)
        .when({ type: 'FoundStudio', application }, office)
        .then([
          founded[0]!,
          {
            type: 'MemberJoined',
            data: { memberId: 'master-1', role: 'leader', addedBy: office.actorId, joinedAt: NOW },
          },
        ]);
    }
    for (const actorRole of ['reviewer', 'mentor']) {
      given(d).when({ type: 'FoundStudio', application }, { actorRole }).thenRefuses('office_only');
    }
  });

  it('lets the leader close the studio, and an admin remove a member', () => {
    given(d, withMember)
      .when({ type: 'CloseStudio', reason: ' 期满 ' }, leader)
      .then([{ ...closed, data: { ...closed.data, closedBy: 'master-1' } }]);
    given(d, withMember)
      .when({ type: 'RemoveMember', memberId: 'teacher-2', reason: 'inactive' }, admin)
      .then([
        {
          type: 'MemberLeft',
          data: {
            memberId: 'teacher-2',
            reason: 'inactive',
            removedBy: 'admin-1',
            selfLeft: false,
            leftAt: NOW,
          },
        },
      ]);
  });

  it('takes a reason of up to 2000 characters, trimmed, and no other', () => {
    const longest = 'x'.repeat(2000);
    given(d, withMember)
      .when({ type: 'CloseStudio', reason: longest }, admin)
      .then([{ ...closed, data: { ...closed.data, reason: longest } }]);
    for (const reason of [
      'x'.repeat(2001),
      '',
      '   ',
      42 as unknown as string,
      undefined as unknown as string,
    ]) {
      given(d, withMember)
        .when({ type: 'CloseStudio', reason }, admin)
        .thenRefuses('reason_required', 'a reason of 1–2000 characters is required');
    }
    given(d, withMember)
      .when({ type: 'RemoveMember', memberId: 'teacher-2', reason: '  调动  ' }, member)
      .then([
        {
          type: 'MemberLeft',
          data: {
            memberId: 'teacher-2',
            reason: '调动',
            removedBy: 'teacher-2',
            selfLeft: true,
            leftAt: NOW,
          },
        },
      ]);
  });

  it('says in each refusal why', () => {
    given(d)
      .when({ type: 'FoundStudio', application }, leader)
      .thenRefuses('office_only', 'a studio is founded by the office on an approved application');
    given(d, founded)
      .when({ type: 'FoundStudio', application }, admin)
      .thenRefuses('studio_exists', 'this studio already exists');
    given(d)
      .when({ type: 'FoundStudio', application: { ...application, kind: 'training_project' } }, system)
      .thenRefuses('not_a_studio_application', 'application app-7 is a training_project application');
    given(d)
      .when({ type: 'FoundStudio', application: { ...application, stage: 'in_review' } }, system)
      .thenRefuses('application_not_approved', 'application app-7 is in_review');
    given(d)
      .when({ type: 'FoundStudio', application: { ...application, applicantTier: 'leader' } }, system)
      .thenRefuses('leader_not_master', 'a studio is led by a master teacher; the applicant is leader');
    given(d)
      .when({ type: 'FoundStudio', application: { ...application, applicantTier: null } }, system)
      .thenRefuses(
        'leader_not_master',
        'a studio is led by a master teacher; the applicant is not on the ladder',
      );
    const missing = given(d)
      .when({ type: 'AddMember', memberId: 'teacher-3' }, admin)
      .thenRefuses('studio_not_found', 'no such studio');
    expect(missing.kind).toBe('not_found');
    given(d, [...withMember, closed])
      .when({ type: 'AddMember', memberId: 'teacher-3' }, admin)
      .thenRefuses('studio_closed', 'this studio is closed');
    given(d, founded)
      .when({ type: 'AddMember', memberId: 'teacher-3' }, other)
      .thenRefuses('leader_or_admin_only', 'only the leader or an admin adds members');
    given(d, withMember)
      .when({ type: 'AddMember', memberId: 'teacher-2' }, leader)
      .thenRefuses('already_member', 'teacher-2 is already a member');
    given(d, withMember)
      .when({ type: 'RemoveMember', memberId: 'teacher-2', reason: 'x' }, other)
      .thenRefuses('leader_or_admin_only', 'only the leader or an admin removes members; a member may leave');
    given(d, withMember)
      .when({ type: 'RemoveMember', memberId: 'master-1', reason: 'x' }, leader)
      .thenRefuses('leader_cannot_leave', 'the leader cannot leave; close the studio');
    given(d, founded)
      .when({ type: 'RemoveMember', memberId: 'teacher-2', reason: 'x' }, admin)
      .thenRefuses('not_a_member', 'teacher-2 is not a member');
    given(d, withMember)
      .when({ type: 'CloseStudio', reason: 'x' }, member)
      .thenRefuses('leader_or_admin_only', 'only the leader or an admin closes a studio');
    given(d, withMember)
      .when({ type: 'Reopen' } as unknown as Parameters<typeof d.decide>[0], admin)
      .thenRefuses('unknown_command', 'unknown command Reopen');
  });
});
