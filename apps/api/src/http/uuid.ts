import { ValidationProblem } from './problem.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `value` is a UUID in its usual written form (any version, either case). */
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/** A path parameter that must be a UUID: a 400 problem naming the parameter otherwise. */
export function uuidParam(value: string, field = 'id'): string {
  if (!isUuid(value)) throw new ValidationProblem([{ field, message: `${field} must be a UUID` }]);
  return value;
}
