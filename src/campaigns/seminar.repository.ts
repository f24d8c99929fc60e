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

interface SeminarRow {
  id: string;
  title: string;
  starts_at: Date;
  capacity: number;
  registered: number;
  created_at: Date;
  updated_at: Date;
}

/** Seminars (`seminar`), created with their invitation campaign; seats are counted here only. */
@Injectable()
export class SeminarRepository {
  constructor(private readonly db: TypeOrmUnitOfWork) {}

  async create(s: { title: string; startsAt: Date; capacity: number; at: Date }): Promise<SeminarRecord> {
    const [row] = await this.db.manager.query<SeminarRow[]>(
      `INSERT INTO seminar (title, starts_at, capacity, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING *`,
      [s.title, s.startsAt, s.capacity, s.at],
    );
    return toSeminar(row);
  }

  async findById(id: string): Promise<SeminarRecord | null> {
    const [row] = await this.db.manager.query<SeminarRow[]>(`SELECT * FROM seminar WHERE id = $1`, [id]);
    return row ? toSeminar(row) : null;
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

function toSeminar(r: SeminarRow): SeminarRecord {
  return {
    id: r.id,
    title: r.title,
    startsAt: r.starts_at,
    capacity: r.capacity,
    registered: r.registered,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
