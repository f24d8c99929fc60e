/** What a person starting the service needs to see first: where the console is and how to log in. */
export interface ReadyFacts {
  consoleUrl: string;
  /** The first admin, when this start created it (the password only when it was generated). */
  firstAdmin: { email: string; generatedPassword: string | null } | null;
  /** Where the data is: the embedded PostgreSQL's folder, or null for a named database. */
  embeddedDataDir: string | null;
}

/**
 * Plain text for the terminal, printed once per start beside the JSON logs (not as a log line:
 * a generated password must not end up in a log store, and it is shown on the one start that
 * created the admin only).
 */
export function readyBanner(facts: ReadyFacts): string {
  const lines = [`Contact center ready: open ${facts.consoleUrl}`];
  if (facts.firstAdmin?.generatedPassword) {
    lines.push(
      `First admin: ${facts.firstAdmin.email}  password: ${facts.firstAdmin.generatedPassword}`,
      '  (generated now and shown only this once; it is stored hashed. Change it in the console, or set ADMIN_PASSWORD before the first start.)',
    );
  } else if (facts.firstAdmin) {
    lines.push(`First admin: ${facts.firstAdmin.email} with the password in ADMIN_PASSWORD`);
  }
  if (facts.embeddedDataDir) {
    lines.push(`Data: embedded PostgreSQL in ${facts.embeddedDataDir} (set DATABASE_URL to use your own server)`);
  }
  return `\n${lines.join('\n')}\n\n`;
}
