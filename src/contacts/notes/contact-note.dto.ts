import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export const NOTE_MAX_LENGTH = 10_000;

export class AddNoteDto {
  @ApiProperty({ maxLength: NOTE_MAX_LENGTH, description: 'internal: never sent to the customer' })
  @IsString({ message: 'body must be a string' })
  @IsNotEmpty({ message: 'body must not be empty' })
  @MaxLength(NOTE_MAX_LENGTH, { message: `body must be at most ${NOTE_MAX_LENGTH} characters` })
  body!: string;
}

export class NoteAuthorView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
}

export class ContactNoteView {
  @ApiProperty() id!: string;
  @ApiProperty() contactId!: string;
  @ApiProperty() body!: string;
  @ApiPropertyOptional({ type: NoteAuthorView, nullable: true }) author!: NoteAuthorView | null;
  @ApiProperty() createdAt!: Date;
}

export class ContactNotesView {
  @ApiProperty({ type: [ContactNoteView] }) items!: ContactNoteView[];
}
