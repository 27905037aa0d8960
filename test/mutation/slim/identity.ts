// The pure part of #libs/identity (model, deciders, personal-data envelopes), without handlers, sessions
// or the directory projection.
export * from '../../../libs/identity/src/identity.model.js';
export * from '../../../libs/identity/src/org-unit/org-unit.decider.js';
export * from '../../../libs/identity/src/user/user.decider.js';
export * from '../../../libs/identity/src/user/username.decider.js';
export * from '../../../libs/identity/src/password/password-hasher.js';
export * from '../../../libs/identity/src/personal-data/personal-data.js';
export * from '../../../libs/identity/src/personal-data/personal-fields.js';
