import { Injectable } from '@nestjs/common';
import { TypeOrmUnitOfWork } from '../database/typeorm-unit-of-work';

export interface SeminarRecord {
  id: string;
  title: string;
  startsAt: Date;
  capacity: number;
  registered: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A seminar row as a SeminarRecord, columns camelCased. */
const COLUMNS = `id, title, starts_at AS "startsAt", capacity, registered, created_at AS "createdAt", updated_at AS "updatedAt"`;

/** Seminars (`seminar`), created with their invitation campaign; seats are counted here only. */
@Injectable()
export class SeminarRepository {
  constructor(private readonly db: TypeOrmUnitOfWork) {}

  async create(s: { title: string; startsAt: Date; capacity: number; at: Date }): Promise<SeminarRecord> {
    const [row] = await this.db.manager.query<SeminarRecord[]>(
      `INSERT INTO seminar (title, starts_at, capacity, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING ${COLUMNS}`,
      [s.title, s.startsAt, s.capacity, s.at],
    );
    return row;
  }

  async findById(id: string): Promise<SeminarRecord | null> {
    const [row] = await this.db.manager.query<SeminarRecord[]>(`SELECT ${COLUMNS} FROM seminar WHERE id = $1`, [id]);
    return row ?? null;
  }

  /**
   * Takes one seat: locks the seminar row and increments `registered` only while it is below
   * `capacity`. True when a seat was taken, false when the seminar is full or unknown. Run it in
   * the unit of work that stores the registration, so a rolled-back registration gives the seat back;
   * concurrent callers queue on the row lock, so the last seat goes to exactly one of them.
   */
  async takeSeat(seminarId: string): Promise<boolean> {
    const locked = await this.db.manager.query<{ registered: number; capacity: number }[]>(
      `SELECT registered, capacity FROM seminar WHERE id = $1 FOR UPDATE`,
      [seminarId],
    );
    const seminar = locked[0];
    if (!seminar || seminar.registered >= seminar.capacity) return false;
    const [rows] = await this.db.manager.query<[{ id: string }[], number]>(
      `UPDATE seminar SET registered = registered + 1, updated_at = now()
        WHERE id = $1 AND registered < capacity RETURNING id`,
      [seminarId],
    );
    return rows.length > 0;
  }
}
