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
