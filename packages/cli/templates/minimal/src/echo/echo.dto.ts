import { Type } from 'class-transformer';
import { IsString, Length } from 'class-validator';

/** What a client sends: `{ "type": "echo", "id": 1, "data": { "text": "hi" } }`. */
export class EchoDto {
  @IsString() @Length(1, 500) text!: string;
}

/** The reply: `{ "type": "reply", "id": 1, "to": "echo", "data": { "text": "hi", "receivedAt": "..." } }`. */
export class EchoReplyDto {
  @IsString() text!: string;
  @Type(() => Date) receivedAt!: Date;
}
