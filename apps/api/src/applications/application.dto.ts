import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateBy,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  APPLICATION_KINDS,
  LEVELS,
  MAX_ATTACHMENTS,
  TIERS,
  type ApplicationKind,
  type Level,
  type Tier,
} from '#libs/approval';

// Caps on every string, array and number (ARCHITECTURE.md "Validation"); nested objects are validated
// only with @ValidateNested + @Type, and the whitelist reaches them through that.
const NOT_BLANK = /\S/;

abstract class FieldsBase {
  @IsIn(APPLICATION_KINDS)
  kind!: ApplicationKind;
  /**
   * Evidence files (DOMAIN.md stage 1), by the ids POST /api/evidence answered; the handler checks each
   * one was uploaded by the applicant. Absent on a draft: none; absent on an edit: the files stay.
   */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ATTACHMENTS)
  @ArrayUnique()
  @IsUUID(undefined, { each: true })
  attachments?: string[];
}

export class TrainingProjectFieldsDto extends FieldsBase {
  declare kind: 'training_project';
  @IsIn(LEVELS) level!: Level;
  @IsIn(TIERS) targetTier!: Tier;
  @IsString() @Length(1, 100) @Matches(NOT_BLANK) subject!: string;
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(1) @Max(1000) hours!: number;
  @IsInt() @Min(1) @Max(10_000) capacity!: number;
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(1_000_000_000)
  budget!: number;
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'startsOn must be a date like 2026-10-01' })
  @IsISO8601({ strict: true })
  startsOn!: string;
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'endsOn must be a date like 2026-12-20' })
  @IsISO8601({ strict: true })
  endsOn!: string;
}

export class TierPromotionFieldsDto extends FieldsBase {
  declare kind: 'tier_promotion';
  @IsIn(TIERS) targetTier!: Tier;
  @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @Length(1, 500, { each: true }) evidence!: string[];
}

export class StudioFieldsDto extends FieldsBase {
  declare kind: 'studio';
  @IsString() @Length(1, 100) @Matches(NOT_BLANK) name!: string;
  @IsString() @Length(1, 100) @Matches(NOT_BLANK) subject!: string;
  @IsString() @Length(1, 5000) @Matches(NOT_BLANK) plan!: string;
}

export class SchoolPlanFieldsDto extends FieldsBase {
  declare kind: 'school_plan';
  @Matches(/^\d{4}-\d{4}$/, { message: 'schoolYear must look like 2026-2027' }) schoolYear!: string;
  @IsString() @Length(1, 5000) @Matches(NOT_BLANK) summary!: string;
}

const fieldsType = {
  discriminator: {
    property: 'kind',
    subTypes: [
      { value: TrainingProjectFieldsDto, name: 'training_project' },
      { value: TierPromotionFieldsDto, name: 'tier_promotion' },
      { value: StudioFieldsDto, name: 'studio' },
      { value: SchoolPlanFieldsDto, name: 'school_plan' },
    ],
  },
  keepDiscriminatorProperty: true,
};

export type FieldsDto =
  TrainingProjectFieldsDto | TierPromotionFieldsDto | StudioFieldsDto | SchoolPlanFieldsDto;

export class DraftApplicationDto {
  @IsUUID() callId!: string;
  @IsString() @Length(1, 200) @Matches(NOT_BLANK, { message: 'title must not be blank' }) title!: string;
  @IsObject() @ValidateNested() @Type(() => FieldsBase, fieldsType) fields!: FieldsDto;
}

export class UpdateDraftDto {
  @IsOptional()
  @IsString()
  @Length(1, 200)
  @Matches(NOT_BLANK, { message: 'title must not be blank' })
  title?: string;
  // Absent leaves the fields as they are; null is not "no change" but a bad value (IsOptional would let
  // it through to the decider).
  @ValidateIf((o: UpdateDraftDto) => o.fields !== undefined)
  @IsObject()
  @ValidateNested()
  @Type(() => FieldsBase, fieldsType)
  fields?: FieldsDto;
}

export class ReasonDto {
  @IsString() @Length(1, 2000) @Matches(NOT_BLANK, { message: 'reason must not be blank' }) reason!: string;
}

export class ReviewerChoiceDto {
  @IsString() @Length(1, 100) reviewerId!: string;
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  @Matches(NOT_BLANK, { message: 'overrideReason must not be blank' })
  overrideReason?: string;
}

export class AssignReviewersDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ReviewerChoiceDto)
  reviewers!: ReviewerChoiceDto[];
}

export class SubmitReviewDto {
  /** One 0–100 score per rubric dimension; the decider checks they match the rubric in force. */
  @IsObject()
  @ValidateBy({
    name: 'scoreMap',
    validator: {
      validate: (v: unknown) =>
        typeof v === 'object' &&
        v !== null &&
        Object.keys(v).length <= 20 &&
        Object.entries(v).every(
          ([k, n]) =>
            /^[a-z_]{1,40}$/.test(k) && typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= 100,
        ),
      defaultMessage: () => 'scores must map rubric dimensions to numbers from 0 to 100',
    },
  })
  scores!: Record<string, number>;
  @IsString() @Length(0, 5000) comments!: string;
}

export class DecisionDto {
  @IsIn(['approve', 'reject']) decision!: 'approve' | 'reject';
  @IsString()
  @Length(1, 5000)
  @Matches(NOT_BLANK, { message: 'rationale must not be blank' })
  rationale!: string;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, 300, { each: true })
  documentsSeen?: string[];
}

/** Absent `teacherId`: the caller enrols themself (the usual case: a teacher from the project list). */
export class EnrolDto {
  @IsOptional() @IsString() @Length(1, 100) teacherId?: string;
}

export class CompletionDto {
  @IsString() @Length(1, 100) teacherId!: string;
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0.5) @Max(1000) hours!: number;
  /** The trainee's assessed result (seed 003 §六4 培训检测); below 60 grants no hours: the trainee retrains. */
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 }) @Min(0) @Max(100) score!: number;
}

export class TraineeEvaluationDto {
  @IsInt() @Min(0) @Max(100) score!: number;
  @IsString() @Length(0, 2000) comment!: string;
}

export class PerformancePartsDto {
  @IsNumber() @Min(0) @Max(100) selfAssessment!: number;
  @IsNumber() @Min(0) @Max(100) archiveCheck!: number;
  @IsNumber() @Min(0) @Max(100) traineeInterviews!: number;
  @IsNumber() @Min(0) @Max(100) onSiteDefence!: number;
}

export class PerformanceEvaluationDto {
  @IsObject() @ValidateNested() @Type(() => PerformancePartsDto) parts!: PerformancePartsDto;
}

export class OpenCallDto {
  @IsIn(APPLICATION_KINDS) kind!: ApplicationKind;
  @IsString() @Length(1, 100) orgUnit!: string;
  @IsString() @Length(1, 200) @Matches(NOT_BLANK, { message: 'title must not be blank' }) title!: string;
  @IsISO8601({ strict: true }) opensAt!: string;
  @IsISO8601({ strict: true }) closesAt!: string;
}
