import { map, named, obj, oneOf } from '../http/openapi-schema.js';

// @nestjs/terminus's answer when every check is up (a failed check answers 503 problem+json).

const check = {
  type: 'object' as const,
  required: ['status'],
  properties: { status: oneOf(['up', 'down']) },
  additionalProperties: true,
};

export const Health = named(
  'Health',
  obj({
    status: oneOf(['ok']),
    info: map(check, { description: 'The checks that are up.' }),
    error: map(check, { description: 'The checks that are down (none in a 200).' }),
    details: map(check),
  }),
);
