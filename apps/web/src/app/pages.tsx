import type { ComponentType } from 'react';
import type { Role } from '../api/types';
import type { Messages } from '../i18n/zh-CN';
import type { MenuIcon } from './menu-icons';

/**
 * Every page of the signed-in app, in one table: its path, the roles that may open it, its title and
 * where its code lives (loaded on demand, so each role downloads only its own pages — the sign-in page
 * carries just the shell). `menu` places it in a role's side menu (UI.md §2–§5, in that order).
 * A newcomer finds a page from here: pages/<role>/<Page>.tsx.
 */
export interface PageDef {
  path: string;
  roles: Role[];
  title: (t: Messages) => string;
  load: () => Promise<{ default: ComponentType }>;
  menu?: { roles: Role[]; icon: MenuIcon; order: number };
}

const ALL: Role[] = ['teacher', 'mentor', 'reviewer', 'chair', 'admin'];

export const PAGES: PageDef[] = [
  // 教师 Teacher (UI.md §2)
  {
    path: '/teacher/progression',
    roles: ['teacher'],
    title: (t) => t.nav.progression,
    load: () => import('../pages/teacher/ProgressionPage'),
    menu: { roles: ['teacher'], icon: 'Rise', order: 10 },
  },
  {
    path: '/teacher/applications',
    roles: ['teacher'],
    title: (t) => t.nav.myApplications,
    load: () => import('../pages/teacher/MyApplicationsPage'),
    menu: { roles: ['teacher'], icon: 'FileText', order: 20 },
  },
  {
    path: '/teacher/applications/new',
    roles: ['teacher'],
    title: (t) => t.nav.myApplications,
    load: () => import('../pages/teacher/ApplicationFormPage'),
  },
  {
    path: '/teacher/applications/:id/edit',
    roles: ['teacher'],
    title: (t) => t.nav.myApplications,
    load: () => import('../pages/teacher/ApplicationFormPage'),
  },
  {
    path: '/teacher/calls',
    roles: ['teacher'],
    title: (t) => t.nav.calls,
    load: () => import('../pages/teacher/CallsPage'),
    menu: { roles: ['teacher'], icon: 'Notification', order: 30 },
  },
  {
    path: '/teacher/trainings',
    roles: ['teacher'],
    title: (t) => t.nav.trainings,
    load: () => import('../pages/teacher/TrainingsPage'),
    menu: { roles: ['teacher'], icon: 'Solution', order: 35 },
  },
  // 导师带教 (UI.md §2): teachers and mentors, mentor or mentee; after 申报通知 (and 培训项目), with room
  // for 我的工作室 right after it.
  {
    path: '/teacher/mentorship',
    roles: ['teacher', 'mentor'],
    title: (t) => t.nav.mentorship,
    load: () => import('../pages/teacher/MentorshipPage'),
    menu: { roles: ['teacher', 'mentor'], icon: 'Team', order: 40 },
  },
  {
    path: '/teacher/mentorship/:id',
    roles: ['teacher', 'mentor'],
    title: (t) => t.nav.mentorship,
    load: () => import('../pages/teacher/MentorshipDetailPage'),
  },
  {
    path: '/teacher/studios',
    roles: ['teacher'],
    title: (t) => t.nav.studio,
    load: () => import('../pages/studio/MyStudiosPage'),
    menu: { roles: ['teacher'], icon: 'Crown', order: 45 },
  },
  // A studio's page, reached from 我的工作室, 工作室管理 or a notice (UI.md §2, §5).
  {
    path: '/studios/:id',
    roles: ALL,
    title: (t) => t.nav.studio,
    load: () => import('../pages/studio/StudioPage'),
  },
  // 评审专家 Reviewer (UI.md §3)
  {
    path: '/reviewer/queue',
    roles: ['reviewer'],
    title: (t) => t.nav.reviewQueue,
    load: () => import('../pages/reviewer/ReviewQueuePage'),
    menu: { roles: ['reviewer'], icon: 'Schedule', order: 10 },
  },
  {
    path: '/reviewer/applications/:id',
    roles: ['reviewer'],
    title: (t) => t.nav.reviewQueue,
    load: () => import('../pages/reviewer/ReviewPage'),
  },
  // 评审组长 Chair (UI.md §4)
  {
    path: '/chair/board',
    roles: ['chair', 'admin'],
    title: (t) => t.nav.board,
    load: () => import('../pages/chair/BoardPage'),
    menu: { roles: ['chair', 'admin'], icon: 'Appstore', order: 10 },
  },
  {
    path: '/chair/calls',
    roles: ['chair', 'admin'],
    title: (t) => t.nav.callAdmin,
    load: () => import('../pages/chair/CallAdminPage'),
    menu: { roles: ['chair', 'admin'], icon: 'Calendar', order: 20 },
  },
  {
    path: '/chair/applications/:id/decision',
    roles: ['chair'],
    title: (t) => t.nav.board,
    load: () => import('../pages/chair/DecisionPage'),
  },
  {
    path: '/chair/projects',
    roles: ['chair', 'admin'],
    title: (t) => t.nav.projects,
    load: () => import('../pages/chair/ProjectsPage'),
    menu: { roles: ['chair', 'admin'], icon: 'Project', order: 30 },
  },
  {
    path: '/chair/projects/:id',
    roles: ['chair', 'admin'],
    title: (t) => t.nav.projects,
    load: () => import('../pages/chair/ProjectPage'),
  },
  // 管理员 Admin (UI.md §5): 年度总结 · 政策配置 · 操作日志 · 任务队列, in the menu's order
  {
    path: '/admin/annual-summaries',
    roles: ['admin'],
    title: (t) => t.nav.annualSummaries,
    load: () => import('../pages/admin/AnnualSummariesPage'),
    menu: { roles: ['admin'], icon: 'FileDone', order: 60 },
  },
  {
    path: '/admin/policy',
    roles: ['admin'],
    title: (t) => t.nav.policy,
    load: () => import('../pages/admin/PolicyPage'),
    menu: { roles: ['admin'], icon: 'Setting', order: 65 },
  },
  {
    path: '/admin/audit',
    roles: ['admin'],
    title: (t) => t.nav.audit,
    load: () => import('../pages/admin/AuditLogPage'),
    menu: { roles: ['admin'], icon: 'Audit', order: 70 },
  },
  {
    path: '/admin/audit/:kind/:id',
    roles: ['admin'],
    title: (t) => t.nav.audit,
    load: () => import('../pages/admin/AuditEntityPage'),
  },
  {
    path: '/admin/queues',
    roles: ['admin'],
    title: (t) => t.nav.queues,
    load: () => import('../pages/admin/QueuesPage'),
    menu: { roles: ['admin'], icon: 'UnorderedList', order: 75 },
  },
  // 工作台 first, 统计报表 after 申报通知管理.
  {
    path: '/admin/workbench',
    roles: ['admin'],
    title: (t) => t.nav.workbench,
    load: () => import('../pages/admin/WorkbenchPage'),
    menu: { roles: ['admin'], icon: 'Dashboard', order: 1 },
  },
  {
    path: '/admin/reports',
    roles: ['admin'],
    title: (t) => t.nav.reports,
    load: () => import('../pages/admin/ReportsPage'),
    menu: { roles: ['admin'], icon: 'BarChart', order: 25 },
  },
  // 管理员 Admin (UI.md §5; menu order 工作台 · 教师档案 · 用户管理 · 组织机构 · 导师结对 · 工作室管理 · 评审看板 …)
  {
    path: '/admin/users',
    roles: ['admin'],
    title: (t) => t.nav.users,
    load: () => import('../pages/admin/UsersPage'),
    menu: { roles: ['admin'], icon: 'User', order: 3 },
  },
  {
    path: '/admin/org-units',
    roles: ['admin'],
    title: (t) => t.nav.orgUnits,
    load: () => import('../pages/admin/OrgUnitsPage'),
    menu: { roles: ['admin'], icon: 'Cluster', order: 4 },
  },
  {
    path: '/admin/studios',
    roles: ['admin'],
    title: (t) => t.nav.studioAdmin,
    load: () => import('../pages/studio/StudiosAdminPage'),
    menu: { roles: ['admin'], icon: 'Crown', order: 6 },
  },
  {
    path: '/admin/mentorships',
    roles: ['admin'],
    title: (t) => t.nav.mentorshipAdmin,
    load: () => import('../pages/admin/MentorshipsPage'),
    menu: { roles: ['admin'], icon: 'Team', order: 5 },
  },
  {
    path: '/admin/teachers/:id',
    roles: ['admin'],
    title: (t) => t.nav.teacherRecords,
    load: () => import('../pages/admin/TeacherRecordPage'),
  },
  // 管理员 Admin (UI.md §5): the bulk imports, opened from 用户管理 and 教师档案 (UI.md §1.10)
  {
    path: '/admin/users/import',
    roles: ['admin'],
    title: (t) => t.imports.usersTitle,
    load: () => import('../pages/admin/UserImportPage'),
  },
  {
    path: '/admin/hours/import',
    roles: ['admin'],
    title: (t) => t.imports.hoursTitle,
    load: () => import('../pages/admin/HoursImportPage'),
  },
  // Everyone
  {
    path: '/applications/:id',
    roles: ALL,
    title: (t) => t.nav.myApplications,
    load: () => import('../pages/common/ApplicationDetailPage'),
  },
  {
    path: '/notifications',
    roles: ALL,
    title: (t) => t.nav.notifications,
    load: () => import('../pages/common/NotificationsPage'),
    menu: { roles: ALL, icon: 'Bell', order: 90 },
  },
];

/** Where each role lands after sign-in or a role switch (UI.md §1.1). */
export const LANDING: Record<Role, string> = {
  teacher: '/teacher/progression',
  mentor: '/teacher/mentorship',
  reviewer: '/reviewer/queue',
  chair: '/chair/board',
  admin: '/admin/workbench',
};
