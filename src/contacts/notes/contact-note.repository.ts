import { Injectable } from '@nestjs/common';
import { TypeOrmUnitOfWork } from '../../database/typeorm-unit-of-work';

/** An internal note on a contact, with its author's name for display. */
export interface ContactNoteRecord {
  id: string;
  contactId: string;
  body: string;
  author: { id: string; name: string } | null;
  createdAt: Date;
}

/** The contact_note table: internal notes staff write on a contact; never sent to the customer. */
@Injectable()
export class ContactNoteRepository {
  constructor(private readonly db: TypeOrmUnitOfWork) {}

  async insert(note: { contactId: string; authorId: string; body: string }): Promise<ContactNoteRecord> {
    const [row] = await this.db.manager.query<{ id: string; created_at: Date }[]>(
      `INSERT INTO contact_note (contact_id, author_id, body) VALUES ($1, $2, $3) RETURNING id, created_at`,
      [note.contactId, note.authorId, note.body],
    );
    const [found] = await this.forContact(note.contactId, row.id);
    return found;
  }

  /** The contact's notes, oldest first (or the one note `id`); the author's name is a display join. */
  async forContact(contactId: string, id?: string): Promise<ContactNoteRecord[]> {
    const params: unknown[] = [contactId];
    const one = id ? ` AND n.id = $${params.push(id)}` : '';
    const rows = await this.db.manager.query<
      { id: string; body: string; created_at: Date; author_id: string | null; author_name: string | null }[]
    >(
      `SELECT n.id, n.body, n.created_at, n.author_id, u.name AS author_name
         FROM contact_note n LEFT JOIN app_user u ON u.id = n.author_id
        WHERE n.contact_id = $1${one} ORDER BY n.created_at, n.id`,
      params,
    );
    return rows.map((r) => ({
      id: r.id,
      contactId,
      body: r.body,
      author: r.author_id ? { id: r.author_id, name: r.author_name ?? '' } : null,
      createdAt: new Date(r.created_at),
    }));
  }
}
