import { Transform } from 'class-transformer';
import { IsString, Length, Matches } from 'class-validator';

/**
 * `?name=` of an upload: the file's name as the browser gives it. Only the last path segment is kept
 * (old browsers send `C:\fakepath\…`); it is shown to reviewers and sent back in Content-Disposition.
 */
export class EvidenceUploadQueryDto {
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? (value.split(/[\\/]/).pop() ?? '').trim() : value,
  )
  @IsString()
  @Length(1, 200)
  // No control characters: a name is text for people and for a header, nothing else.
  @Matches(/^[^\p{Cc}]+$/u, { message: 'name must not contain control characters' })
  name!: string;
}
