import { Injectable } from '@nestjs/common';
import { TypeOrmUnitOfWork } from '../database/typeorm-unit-of-work';
import type { Language } from '../contacts/contact.types';

export type ReplyMedium = 'email' | 'sms' | 'fax';

export interface ReplyTemplateRecord {
  id: string;
  name: string;
  language: Language;
  medium: ReplyMedium;
  subject: string | null;
  body: string;
  createdAt: Date;
  updatedAt: Date;
}

export type NewReplyTemplate = Pick<ReplyTemplateRecord, 'name' | 'language' | 'medium' | 'subject' | 'body'>;

const COLUMNS = `id, name, language, medium, subject, body, created_at AS "createdAt", updated_at AS "updatedAt"`;

/** The reply_template table. */
@Injectable()
export class ReplyTemplateRepository {
  constructor(private readonly db: TypeOrmUnitOfWork) {}

  async list(filters: { language?: Language; medium?: ReplyMedium }): Promise<ReplyTemplateRecord[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (filters.language) where.push(`language = $${params.push(filters.language)}`);
    if (filters.medium) where.push(`medium = $${params.push(filters.medium)}`);
    return this.db.manager.query<ReplyTemplateRecord[]>(
      `SELECT ${COLUMNS} FROM reply_template ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY medium, language, name`,
      params,
    );
  }

  async findById(id: string): Promise<ReplyTemplateRecord | null> {
    const [row] = await this.db.manager.query<ReplyTemplateRecord[]>(
      `SELECT ${COLUMNS} FROM reply_template WHERE id = $1`,
      [id],
    );
    return row ?? null;
  }

  /** Inserts a template; null when one of that name, language and medium exists. */
  async insert(template: NewReplyTemplate): Promise<ReplyTemplateRecord | null> {
    const [row] = await this.db.manager.query<ReplyTemplateRecord[]>(
      `INSERT INTO reply_template (name, language, medium, subject, body) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (name, language, medium) DO NOTHING RETURNING ${COLUMNS}`,
      [template.name, template.language, template.medium, template.subject, template.body],
    );
    return row ?? null;
  }

  /** Replaces the template's fields; null when there is none (or the new name is taken). */
  async update(id: string, template: NewReplyTemplate): Promise<ReplyTemplateRecord | null> {
    const rows = await this.db.manager.query<[ReplyTemplateRecord[], number]>(
      `UPDATE reply_template SET name = $2, language = $3, medium = $4, subject = $5, body = $6, updated_at = now()
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, template.name, template.language, template.medium, template.subject, template.body],
    );
    return rows[0]?.[0] ?? null;
  }

  async nameTaken(template: NewReplyTemplate, exceptId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.manager.query(
      `SELECT 1 FROM reply_template WHERE name = $1 AND language = $2 AND medium = $3 AND id <> $4`,
      [template.name, template.language, template.medium, exceptId],
    );
    return rows.length > 0;
  }
}
