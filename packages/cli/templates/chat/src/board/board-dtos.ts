import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsHexColor,
  IsInt,
  IsNumber,
  IsString,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

export class PointDto {
  @IsNumber() @Min(0) @Max(1) x!: number;
  @IsNumber() @Min(0) @Max(1) y!: number;
}

/** One pen stroke in board coordinates (0..1 on both axes, so every screen size agrees). */
export class StrokeDto {
  @IsString() @Length(1, 64) id!: string;
  @IsHexColor() color!: string;
  @IsInt() @Min(1) @Max(40) width!: number;
  @ValidateNested({ each: true })
  @Type(() => PointDto)
  @ArrayMinSize(1)
  @ArrayMaxSize(2000)
  points!: PointDto[];
}

export class DrawnStroke extends StrokeDto {
  @IsString() author!: string;
}

export class CursorDto {
  @IsNumber() @Min(0) @Max(1) x!: number;
  @IsNumber() @Min(0) @Max(1) y!: number;
}

export class CursorEvent {
  @IsString() connectionId!: string;
  @IsString() name!: string;
  @IsNumber() x!: number;
  @IsNumber() y!: number;
}

export class BoardSnapshot {
  @ValidateNested({ each: true }) @Type(() => DrawnStroke) strokes!: DrawnStroke[];
}

export class BoardQuery {
  @IsString() @Length(1, 40) name!: string;
}
