import { IsIn, IsISO8601, IsOptional, IsString, Matches } from 'class-validator';
import { APPLICATION_KINDS } from '#libs/approval';

// Caps on every query string (ARCHITECTURE.md "Validation"): ids, up to 20 event types, page sizes.
const ID = /^[A-Za-z0-9_.:-]{1,100}$/;
const TYPES = /^[A-Za-z][A-Za-z0-9_.]{0,127}(,[A-Za-z][A-Za-z0-9_.]{0,127}){0,19}$/;
const CATEGORY = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
export const POSITION = /^\d{1,20}\.\d{1,20}$/;

/** Filters of the global log (DOMAIN.md "Audit trail"), shared by the page reads and the export. */
export class AuditFilterDto {
  /** Only events by this user id. */
  @IsOptional() @IsString() @Matches(ID, { message: 'actor must be a user id' }) actor?: string;
  /** Only events of this org unit and the units below it. */
  @IsOptional() @IsString() @Matches(ID, { message: 'orgUnit must be an org unit id' }) orgUnit?: string;
  @IsOptional() @IsIn(APPLICATION_KINDS) applicationKind?: string;
  /** One event type, or up to 20 separated by commas. */
  @IsOptional()
  @IsString()
  @Matches(TYPES, { message: 'eventType must be up to 20 event types separated by commas' })
  eventType?: string;
  /** Stream category: application, teacher, mentorship, studio, call, user, orgunit, auditlog … */
  @IsOptional() @IsString() @Matches(CATEGORY) entityKind?: string;
  /** Recorded at or after this ISO-8601 time. */
  @IsOptional() @IsISO8601({ strict: true }) from?: string;
  /** Recorded before this ISO-8601 time. */
  @IsOptional() @IsISO8601({ strict: true }) to?: string;
  /** `true` to include the records of audit reads themselves (left out by default). */
  @IsOptional() @IsIn(['true', 'false']) includeAuditReads?: string;
}

export class AuditEventsQueryDto extends AuditFilterDto {
  /** `nextCursor` of the previous page. */
  @IsOptional()
  @IsString()
  @Matches(POSITION, { message: 'cursor must be a nextCursor this API gave out' })
  cursor?: string;
  /** Page size, 1–200 (default 50). */
  @IsOptional() @IsString() @Matches(/^\d{1,4}$/, { message: 'limit must be a whole number' }) limit?: string;
  /** `desc` (newest first, default) or `asc`. */
  @IsOptional() @IsIn(['asc', 'desc']) order?: string;
}

export class AuditExportQueryDto extends AuditFilterDto {
  @IsIn(['csv', 'jsonl']) format!: string;
}

export class AsOfQueryDto {
  /** ISO-8601 time: the state after every event recorded at or before it. */
  @IsOptional() @IsISO8601({ strict: true }) at?: string;
  /** A log position `<tx>.<seq>` (an `X-Log-Position` or an event's `position`). */
  @IsOptional()
  @IsString()
  @Matches(POSITION, { message: 'position must look like 1234.56' })
  position?: string;
}
