import { Type } from 'class-transformer';
import {
  IsIn,
  IsISO8601,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { HOUR_KINDS, type HourKind } from '#libs/ladder';
import { LEVELS, type Level } from '#libs/policy';
import { ReasonDto } from '../applications/application.dto.js';

const SCHOOL_YEAR = /^\d{4}-\d{4}$/;
const GRADES = ['excellent', 'good', 'qualified', 'unqualified'] as const;

export class EthicsAssessmentDto {
  @Matches(SCHOOL_YEAR, { message: 'schoolYear must look like 2026-2027' }) schoolYear!: string;
  @IsIn(['pass', 'fail']) result!: 'pass' | 'fail';
}

export class AppraisalDto {
  @Matches(SCHOOL_YEAR, { message: 'schoolYear must look like 2026-2027' }) schoolYear!: string;
  @IsIn(GRADES) result!: (typeof GRADES)[number];
}

export class ActivitySourceDto {
  @IsIn(['activity']) type!: 'activity';
  @IsString() @Length(1, 200) id!: string;
  @IsString() @Length(1, 200) approvingRecord!: string;
}

/** A recognised activity (DOMAIN.md "Hours and credits"); training projects grant through completions. */
export class GrantHoursDto {
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0.5) @Max(1000) hours!: number;
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(1000) credits?: number;
  @IsIn(LEVELS) level!: Level;
  @IsIn(HOUR_KINDS) kind!: HourKind;
  @IsISO8601({ strict: true }) completedAt!: string;
  // @IsObject: @ValidateNested alone lets a missing value or an array through to the controller.
  @IsObject() @ValidateNested() @Type(() => ActivitySourceDto) source!: ActivitySourceDto;
}

// One ReasonDto for the whole API: OpenAPI names schemas by class, so two would overwrite each other.
export { ReasonDto };

export class AssessmentRefDto {
  @IsString() @Length(1, 200) ref!: string;
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(100) score!: number;
}

/** seed 000 §五(四) 评估跟进: a failed end-of-term assessment revokes the title. */
export class RevokeTierDto extends ReasonDto {
  @IsObject() @ValidateNested() @Type(() => AssessmentRefDto) assessment!: AssessmentRefDto;
}

export class PublishPolicyDto {
  /** The whole policy; its shape is checked against the one in force, its numbers by the decider. */
  @IsObject() policy!: Record<string, unknown>;
  @IsOptional() @IsISO8601({ strict: true }) effectiveFrom?: string;
}
