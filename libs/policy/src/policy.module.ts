import { Global, Module } from '@nestjs/common';
import type { EventStore } from '#libs/event-store';
import { Clock, EVENT_STORE } from '#libs/platform';
import { PolicyCatalogueCommandHandler } from './policy-catalogue.handler.js';
import { cataloguePolicySource, POLICY_SOURCE } from './policy-source.js';

/**
 * The policy context (ARCHITECTURE.md "Between contexts": one Nest module per context, which the api
 * and the worker compose): the catalogue's handler and the policy source. Global, so every module of
 * either process — controllers, handlers of other contexts, timers, reactors — reads the same source.
 */
@Global()
@Module({
  providers: [
    PolicyCatalogueCommandHandler,
    {
      provide: POLICY_SOURCE,
      inject: [EVENT_STORE, Clock],
      useFactory: (store: EventStore, clock: Clock) => cataloguePolicySource(store, clock),
    },
  ],
  exports: [POLICY_SOURCE],
})
export class PolicyModule {}
