import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Min } from 'class-validator';

/** The body of `POST /api/notes`. */
export class CreateNoteDto {
  @IsString() @Length(1, 100) title!: string;

  @IsOptional() @IsString() @Length(0, 2000) body?: string;
}

/** A stored note, as every route returns it. */
export class NoteDto {
  @IsInt() @Min(1) id!: number;
  @IsString() title!: string;
  @IsString() body!: string;
  @Type(() => Date) createdAt!: Date;
}
