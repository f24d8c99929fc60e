import { createServer, Socket } from 'node:net';
import { createTransport } from 'nodemailer';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A port nobody listens on right now (the OS picks it; we close it again at once). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface SmtpReply {
  /** The final reply code of the DATA phase (250 when accepted). */
  code: number;
  response: string;
}

/**
 * Sends a raw MIME message with nodemailer, the way a mail server delivers one. Resolves with the
 * server's answer, also when it refused (then `code` is the refusal's code).
 */
export async function sendRaw(
  port: number,
  raw: Buffer | string,
  envelope: { from: string; to: string[] } = { from: 'customer@example.org', to: ['sales@contact-center.example'] },
): Promise<SmtpReply> {
  const transport = createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, name: 'client.test' });
  try {
    const info = await transport.sendMail({ envelope, raw });
    return { code: 250, response: String(info.response) };
  } catch (error) {
    const e = error as { responseCode?: number; response?: string; message: string };
    return { code: e.responseCode ?? 0, response: e.response ?? e.message };
  } finally {
    transport.close();
  }
}

/** A plain SMTP dialogue over a socket: each command's reply lines, for what nodemailer hides (EHLO, SIZE). */
export async function smtpDialogue(port: number, commands: (string | Buffer)[]): Promise<string[]> {
  const socket = new Socket();
  let buffer = '';
  const replies: string[] = [];
  let waiting: (() => void) | null = null;
  socket.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('latin1');
    // A reply is complete at a line "NNN text" (no dash after the code).
    for (;;) {
      const match = /(?:^|\r\n)(\d{3}) [^\r\n]*\r\n/.exec(buffer);
      if (!match) break;
      const end = match.index + match[0].length;
      replies.push(buffer.slice(0, end).replace(/^\r\n/, ''));
      buffer = buffer.slice(end);
      waiting?.();
    }
  });
  const nextReply = (count: number) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no SMTP reply after ${replies.join(' | ')}`)), 10_000);
      const check = () => {
        if (replies.length >= count) {
          clearTimeout(timer);
          waiting = null;
          resolve();
        }
      };
      waiting = check;
      check();
    });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.connect(port, '127.0.0.1', resolve);
  });
  await nextReply(1);
  for (const command of commands) {
    socket.write(typeof command === 'string' ? `${command}\r\n` : command);
    await nextReply(replies.length + 1);
  }
  socket.end('QUIT\r\n');
  return replies;
}

/** A local mail server that keeps what it receives: where the service's outgoing mail lands in tests. */
export class MailCatcher {
  readonly received: { envelopeTo: string[]; raw: Buffer; mail: ParsedMail }[] = [];
  private server: SMTPServer | null = null;
  port = 0;
  /** Messages still to refuse with a temporary failure (451), to exercise the sender's retries. */
  refuseNext = 0;
  refused = 0;
  /**
   * How long to hold the final reply after a message is received (and kept): a slow server, so a
   * sender can die after the message arrived and before it heard "250".
   */
  replyDelayMs = 0;

  async start(): Promise<number> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      disableReverseLookup: true,
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          if (this.refuseNext > 0) {
            this.refuseNext--;
            this.refused++;
            callback(Object.assign(new Error('try again later'), { responseCode: 451 }));
            return;
          }
          const raw = Buffer.concat(chunks);
          simpleParser(raw)
            .then((mail) => {
              this.received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), raw, mail });
              if (this.replyDelayMs > 0) setTimeout(() => callback(), this.replyDelayMs);
              else callback();
            })
            .catch((error: Error) => callback(error));
        });
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as { port: number }).port;
    return this.port;
  }

  to(address: string): ParsedMail[] {
    return this.received.filter((r) => r.envelopeTo.includes(address)).map((r) => r.mail);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
