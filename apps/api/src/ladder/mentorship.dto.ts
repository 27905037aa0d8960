import { IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, ValidateIf } from 'class-validator';
import { NOTES_MAX } from '#libs/ladder';

// Caps on every string (ARCHITECTURE.md "Validation"); the deciders check the rules again for commands
// that reach the bus another way.
const NOT_BLANK = /\S/;
/** User ids as the identity context issues them (UUIDs today; any safe token up to 100 characters). */
export const USER_ID = /^[A-Za-z0-9_.:-]{1,100}$/;

export class PairMentorDto {
  @IsString() @Matches(USER_ID, { message: 'mentorId must be a user id' }) mentorId!: string;
  @IsString() @Matches(USER_ID, { message: 'menteeId must be a user id' }) menteeId!: string;
}

export class LogMeetingDto {
  /** The meeting's date, Beijing time (YYYY-MM-DD). */
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'on must be a date like 2026-10-08' })
  @IsISO8601({ strict: true }, { message: 'on must be a real calendar date' })
  on!: string;
  @IsString()
  @Length(1, NOTES_MAX)
  @Matches(NOT_BLANK, { message: 'notes must not be blank' })
  notes!: string;
}

export class SignOffDto {
  @IsString()
  @Length(1, 2000)
  @Matches(NOT_BLANK, { message: 'comment must not be blank' })
  comment!: string;
}

export class FoundStudioDto {
  @IsUUID('all', { message: 'applicationId must be an application id (a UUID)' }) applicationId!: string;
}

/**
 * The teacher to add, by id or by their account (账号): a studio's leader is a teacher, who cannot search
 * the office's user list, but knows a colleague's account. Exactly one of the two.
 */
export class AddMemberDto {
  @ValidateIf((o: AddMemberDto) => o.username === undefined)
  @IsString()
  @Matches(USER_ID, { message: 'memberId must be a user id' })
  memberId?: string;
  @IsOptional()
  @IsString()
  @Length(1, 64, { message: 'username must be 1-64 characters' })
  username?: string;
}
