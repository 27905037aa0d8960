import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import {
  DISPLAY_NAME_MAX,
  EMAIL_MAX,
  EMAIL_PATTERN,
  ERASURE_REASON_MAX,
  ID_CARD_PATTERN,
  LEGAL_BASIS_MAX,
  LOCALES,
  ORG_LEVELS,
  ORG_UNIT_NAME_MAX,
  ROLES,
  TEACHER_TIERS,
  TRANSFER_REASON_MAX,
  PHONE_PATTERN,
  USERNAME_PATTERN,
  type Locale,
  type OrgLevel,
  type Role,
  type TeacherTier,
} from '#libs/identity';

// Caps on every string and array (ARCHITECTURE.md "Validation"). The deciders check the rules again for
// commands that reach the bus another way.
const UNIT_ID = /^[A-Za-z0-9_.:-]{1,100}$/;
const lowerTrim = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

export class LoginDto {
  @IsString()
  @Length(1, 64)
  username!: string;

  @IsString()
  @Length(1, 256)
  password!: string;
}

export class CreateOrgUnitDto {
  @IsString()
  @Length(1, ORG_UNIT_NAME_MAX)
  @Matches(/\S/, { message: 'name must not be blank' })
  name!: string;

  @IsIn(ORG_LEVELS, { message: `level must be one of ${ORG_LEVELS.join(', ')}` })
  level!: OrgLevel;

  // Required: new provinces (roots) are created by the system, never over HTTP.
  @IsString()
  @Matches(UNIT_ID, { message: 'parentId must be an org unit id' })
  parentId!: string;
}

export class ListOrgUnitsQuery {
  @IsOptional()
  @IsString()
  @Matches(UNIT_ID, { message: 'parent must be an org unit id' })
  parent?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class RegisterUserDto {
  /** Lower-cased and trimmed before validation: usernames are case-insensitive. */
  @Transform(lowerTrim)
  @IsString()
  @Matches(USERNAME_PATTERN, {
    message:
      'username must be 3–32 characters: letters, digits, dot, dash or underscore, starting with a letter',
  })
  username!: string;

  @IsString()
  @Length(1, DISPLAY_NAME_MAX)
  @Matches(/\S/, { message: 'displayName must not be blank' })
  displayName!: string;

  @IsString()
  @Matches(UNIT_ID, { message: 'orgUnit must be an org unit id' })
  orgUnit!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true, message: `each role must be one of ${ROLES.join(', ')}` })
  roles!: Role[];

  // Length in characters; 8 is the floor NIST SP 800-63B sets for chosen passwords.
  @IsString()
  @Length(8, 128)
  password!: string;

  @IsOptional()
  @IsIn(TEACHER_TIERS, { message: `tier must be one of ${TEACHER_TIERS.join(', ')}` })
  tier?: TeacherTier;

  /** 学科 (初中数学 …), searched in the user list. */
  @IsOptional()
  @IsString()
  @Length(1, 100)
  @Matches(/\S/, { message: 'subject must not be blank' })
  subject?: string;

  // Personal fields (DOMAIN.md "Audit trail"): validated here as plain text, then sealed with the user's key.
  @IsOptional()
  @IsString()
  @Length(5, 24)
  @Matches(PHONE_PATTERN, { message: 'phone must be digits, spaces or dashes, optionally after +' })
  phone?: string;

  @IsOptional()
  @IsString()
  @Length(3, EMAIL_MAX)
  @Matches(EMAIL_PATTERN, { message: 'email must be an email address' })
  email?: string;

  @IsOptional()
  @IsString()
  @Length(18, 18)
  @Matches(ID_CARD_PATTERN, { message: 'idCardNumber must be 17 digits and a check digit or X' })
  idCardNumber?: string;

  /** The language the user is written to in (notification emails); default zh-CN. */
  @IsOptional()
  @IsIn(LOCALES, { message: `locale must be one of ${LOCALES.join(', ')}` })
  locale?: Locale;
}

/** A user's language (DOMAIN.md "Deadlines and reminders": the language of their notification emails). */
export class ChangeLocaleDto {
  @IsIn(LOCALES, { message: `locale must be one of ${LOCALES.join(', ')}` })
  locale!: Locale;
}

/** A lawful request to erase a user's personal data (DOMAIN.md "Audit trail"). */
export class ErasePersonalDataDto {
  @IsString()
  @Length(1, ERASURE_REASON_MAX)
  @Matches(/\S/, { message: 'reason must not be blank' })
  reason!: string;

  @IsString()
  @Length(1, LEGAL_BASIS_MAX)
  @Matches(/\S/, { message: 'legalBasis must not be blank' })
  legalBasis!: string;
}

/** The office's user list (UI.md: the office console's people list): search and filters within the admin's subtree, paged. */
export class ListUsersQuery {
  /** Part of a name, a username, a subject (学科), or the name of the user's school or unit (学校). */
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;

  @IsOptional()
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role?: Role;

  @IsOptional()
  @IsIn(TEACHER_TIERS, { message: `tier must be one of ${TEACHER_TIERS.join(', ')}` })
  tier?: TeacherTier;

  /** Users in this org unit and below it (it must be within yours). */
  @IsOptional()
  @IsString()
  @Matches(UNIT_ID, { message: 'orgUnitId must be an org unit id' })
  orgUnitId?: string;

  @IsOptional()
  @IsIn(['true', 'false'], { message: 'active must be true or false' })
  active?: 'true' | 'false';

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  offset?: number;
}

export class ChangeRolesDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true, message: `each role must be one of ${ROLES.join(', ')}` })
  roles!: Role[];
}

/** Why an account is closed or opened again (recorded in the event, for the audit). */
export class AccountReasonDto {
  @IsString()
  @Length(1, 500)
  @Matches(/\S/, { message: 'reason must not be blank' })
  reason!: string;
}

/** A move to another org unit (a teacher to another school), with why: kept in the user's history. */
export class TransferUserDto {
  @IsString()
  @Matches(UNIT_ID, { message: 'orgUnitId must be an org unit id' })
  orgUnitId!: string;

  @IsString()
  @Length(1, TRANSFER_REASON_MAX)
  @Matches(/\S/, { message: 'reason must not be blank' })
  reason!: string;
}

/** An admin sets a temporary password the user is told out of band. */
export class PasswordResetDto {
  @IsString()
  @Length(8, 128)
  temporaryPassword!: string;
}

export class ChangeOwnPasswordDto {
  @IsString()
  @Length(1, 256)
  currentPassword!: string;

  @IsString()
  @Length(8, 128)
  newPassword!: string;
}
