import { Injectable } from '@nestjs/common';
import { TypeOrmUnitOfWork } from '../../database/typeorm-unit-of-work';

export type RegistrationSource = 'invitation' | 'agent';

export interface RegistrationRecord {
  id: string;
  seminarId: string;
  personId: string | null;
  campaignTargetId: string | null;
  contactId: string | null;
  name: string | null;
  email: string | null;
  phone: string | null;
  language: string;
  source: RegistrationSource;
  createdAt: Date;
}

export type NewRegistration = Omit<RegistrationRecord, 'id' | 'createdAt' | 'contactId'> & { at: Date };

const COLUMNS = `id, seminar_id AS "seminarId", person_id AS "personId", campaign_target_id AS "campaignTargetId",
  contact_id AS "contactId", name, email, phone, language, source, created_at AS "createdAt"`;

/** `seminar_registration`: one row per seminar and person. */
@Injectable()
export class SeminarRegistrationRepository {
  constructor(private readonly db: TypeOrmUnitOfWork) {}

  /**
   * Serializes registrations of one person for one seminar until the unit ends, so a double
   * click finds the first registration instead of taking a second seat. Taken before the
   * seminar's row lock (SeminarRepository.takeSeat): the lock order is person, then seminar.
   */
  async lockPerson(seminarId: string, personId: string): Promise<void> {
    await this.db.manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
      `seminar-registration\n${seminarId}\n${personId}`,
    ]);
  }

  async findByPerson(seminarId: string, personId: string): Promise<RegistrationRecord | null> {
    const [row] = await this.db.manager.query<RegistrationRecord[]>(
      `SELECT ${COLUMNS} FROM seminar_registration WHERE seminar_id = $1 AND person_id = $2`,
      [seminarId, personId],
    );
    return row ?? null;
  }

  async findById(id: string): Promise<RegistrationRecord | null> {
    const [row] = await this.db.manager.query<RegistrationRecord[]>(
      `SELECT ${COLUMNS} FROM seminar_registration WHERE id = $1`,
      [id],
    );
    return row ?? null;
  }

  async insert(r: NewRegistration): Promise<RegistrationRecord> {
    const [row] = await this.db.manager.query<RegistrationRecord[]>(
      `INSERT INTO seminar_registration
         (seminar_id, person_id, campaign_target_id, name, email, phone, language, source, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
      [r.seminarId, r.personId, r.campaignTargetId, r.name, r.email, r.phone, r.language, r.source, r.at],
    );
    if (!row) throw new Error('seminar_registration insert returned nothing');
    return row;
  }

  async setContact(id: string, contactId: string): Promise<void> {
    await this.db.manager.query(`UPDATE seminar_registration SET contact_id = $2 WHERE id = $1`, [id, contactId]);
  }

  async list(seminarId: string, limit: number, offset: number): Promise<RegistrationRecord[]> {
    return this.db.manager.query<RegistrationRecord[]>(
      `SELECT ${COLUMNS} FROM seminar_registration WHERE seminar_id = $1 ORDER BY created_at, id LIMIT $2 OFFSET $3`,
      [seminarId, limit, offset],
    );
  }

  async count(seminarId: string): Promise<number> {
    const [row] = await this.db.manager.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM seminar_registration WHERE seminar_id = $1`,
      [seminarId],
    );
    return row?.n ?? 0;
  }
}
