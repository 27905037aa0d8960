import { IsOptional, IsString, Matches } from 'class-validator';

/** The unit and school year every report is asked for (统计报表, UI.md §5). */
export class ReportQueryDto {
  /** The org unit: yours or one below it. Default: yours. */
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_.:-]{1,100}$/, { message: 'orgUnit must be an org unit id' })
  orgUnit?: string;
  /** The school year, `2026-2027` (1 September to 31 August, Beijing time). Default: the current one. */
  @IsOptional()
  @IsString()
  @Matches(/^\d{4}-\d{4}$/, { message: 'schoolYear must look like 2026-2027' })
  schoolYear?: string;
}
