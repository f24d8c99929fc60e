import type { Language } from '../../src/contacts/contact.types';
import type {
  NewReplyTemplate,
  ReplyMedium,
  ReplyTemplateRecord,
  ReplyTemplateRepository,
} from '../../src/conversations/reply-template.repository';
import { fakeId } from './fake-contacts';
import type { Public } from './public';

/** The reply_template table in memory. */
export class FakeReplyTemplateRepository implements Public<ReplyTemplateRepository> {
  readonly rows: ReplyTemplateRecord[] = [];

  add(template: Partial<ReplyTemplateRecord> & Pick<ReplyTemplateRecord, 'medium' | 'body'>): ReplyTemplateRecord {
    const row: ReplyTemplateRecord = {
      id: fakeId(),
      name: 'template',
      language: 'en',
      subject: null,
      createdAt: new Date(0),
      updatedAt: new Date(0),
      ...template,
    };
    this.rows.push(row);
    return row;
  }

  list(filters: { language?: Language; medium?: ReplyMedium }): Promise<ReplyTemplateRecord[]> {
    return Promise.resolve(
      this.rows.filter(
        (t) =>
          (!filters.language || t.language === filters.language) && (!filters.medium || t.medium === filters.medium),
      ),
    );
  }

  findById(id: string): Promise<ReplyTemplateRecord | null> {
    return Promise.resolve(this.rows.find((t) => t.id === id) ?? null);
  }

  insert(template: NewReplyTemplate): Promise<ReplyTemplateRecord | null> {
    if (
      this.rows.some(
        (t) => t.name === template.name && t.language === template.language && t.medium === template.medium,
      )
    )
      return Promise.resolve(null);
    return Promise.resolve(this.add(template));
  }

  update(id: string, template: NewReplyTemplate): Promise<ReplyTemplateRecord | null> {
    const row = this.rows.find((t) => t.id === id);
    if (row) Object.assign(row, template);
    return Promise.resolve(row ?? null);
  }

  nameTaken(template: NewReplyTemplate, exceptId: string): Promise<boolean> {
    return Promise.resolve(
      this.rows.some(
        (t) =>
          t.id !== exceptId &&
          t.name === template.name &&
          t.language === template.language &&
          t.medium === template.medium,
      ),
    );
  }
}
