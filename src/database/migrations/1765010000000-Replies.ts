import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Agents answer customers:
 * - `contact_message.idempotency_key` / `request_hash`: a retried `POST /contacts/:id/replies`
 *   with the same `Idempotency-Key` (per author) finds the message the first one queued.
 * - `message_delivery`: what each provider took from us for an outbound message, by the
 *   provider's id (Twilio MessageSid, Phaxio fax id, our e-Mail Message-ID), with its own status:
 *   a long SMS is several Twilio messages, and status callbacks name one of them.
 * - `reply_template`: answers per language and medium with placeholders; a few defaults seeded.
 */
export class Replies1765010000000 implements MigrationInterface {
  name = 'Replies1765010000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE contact_message
        ADD COLUMN idempotency_key varchar(255),
        ADD COLUMN request_hash varchar(64)`);
    await q.query(`
      CREATE UNIQUE INDEX contact_message_idempotency_key ON contact_message (author_id, idempotency_key)
        WHERE idempotency_key IS NOT NULL`);

    await q.query(`
      CREATE TABLE message_delivery (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        message_id uuid NOT NULL REFERENCES contact_message (id) ON DELETE CASCADE,
        provider varchar(16) NOT NULL CHECK (provider IN ('smtp', 'twilio', 'phaxio', 'log')),
        provider_id varchar(255) NOT NULL,
        part integer NOT NULL DEFAULT 0,
        status varchar(16) NOT NULL CHECK (status IN ('queued', 'sent', 'delivered', 'failed')),
        error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (provider, provider_id),
        UNIQUE (message_id, part)
      )`);

    await q.query(`
      CREATE TABLE reply_template (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(120) NOT NULL,
        language varchar(8) NOT NULL CHECK (language IN ('zh', 'ja', 'en')),
        medium varchar(16) NOT NULL CHECK (medium IN ('email', 'sms', 'fax')),
        subject varchar(500),
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (name, language, medium)
      )`);
    const seeds: [string, string, string, string | null, string][] = [
      [
        'Thanks for your inquiry',
        'en',
        'email',
        'Re: {{contact.subject}}',
        'Dear {{contact.name}},\n\nThank you for contacting us. We are preparing the information you asked for and will send it shortly.\n\nBest regards,\n{{agent.name}}',
      ],
      [
        'お問い合わせのお礼',
        'ja',
        'email',
        'Re: {{contact.subject}}',
        '{{contact.name}} 様\n\nお問い合わせいただきありがとうございます。ご依頼の資料を準備しておりますので、まもなくお送りいたします。\n\n{{agent.name}}',
      ],
      [
        '感谢您的咨询',
        'zh',
        'email',
        'Re: {{contact.subject}}',
        '{{contact.name}} 您好：\n\n感谢您的咨询。我们正在准备您需要的资料，稍后发送给您。\n\n{{agent.name}}',
      ],
      ['Call back', 'en', 'sms', null, 'Hello {{contact.name}}, this is {{agent.name}}. When may we call you back?'],
      [
        '折り返し',
        'ja',
        'sms',
        null,
        '{{contact.name}} 様、{{agent.name}}です。折り返しお電話してもよろしいでしょうか。',
      ],
      ['回电', 'zh', 'sms', null, '{{contact.name}}您好，我是{{agent.name}}。请问什么时候方便给您回电？'],
      ['Quote', 'en', 'fax', null, 'Dear {{contact.name}}, please find our quote attached. {{agent.name}}'],
      ['お見積書', 'ja', 'fax', null, '{{contact.name}} 様 お見積書をお送りいたします。{{agent.name}}'],
      ['报价单', 'zh', 'fax', null, '{{contact.name}}您好，随附报价单。{{agent.name}}'],
    ];
    for (const [name, language, medium, subject, body] of seeds) {
      await q.query(`INSERT INTO reply_template (name, language, medium, subject, body) VALUES ($1, $2, $3, $4, $5)`, [
        name,
        language,
        medium,
        subject,
        body,
      ]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE reply_template`);
    await q.query(`DROP TABLE message_delivery`);
    await q.query(`DROP INDEX contact_message_idempotency_key`);
    await q.query(`ALTER TABLE contact_message DROP COLUMN request_hash, DROP COLUMN idempotency_key`);
  }
}
