// The pure part of #libs/ladder (school years, deciders, eligibility), without handlers and projections.
export * from '../../../libs/ladder/src/school-year.js';
export * from '../../../libs/ladder/src/teacher/teacher.decider.js';
export * from '../../../libs/ladder/src/eligibility/eligibility.js';
export * from '../../../libs/ladder/src/eligibility/ladder-eligibility.js';
export * from '../../../libs/ladder/src/mentorship/mentorship.decider.js';
export * from '../../../libs/ladder/src/studio/studio.decider.js';
