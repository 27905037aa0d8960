export * from './timer.model.js';
export * from './timer-queue.js';
export * from './notification/notification.decider.js';
export * from './notification/notification.handler.js';
export * from './notification/notification-inbox.projection.js';
