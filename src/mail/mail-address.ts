/** `Sales <sales@example.com>` -> its parts; a bare address is its own address. */
export function parseMailbox(mailbox: string): { name?: string; address: string } {
  const match = /^\s*(.*?)\s*<([^<>\s]+)>\s*$/.exec(mailbox);
  if (!match) return { address: mailbox.trim() };
  const name = match[1].replace(/^"(.*)"$/, '$1').trim();
  return { ...(name ? { name } : {}), address: match[2] };
}

/** The domain our Message-IDs are made under: the domain of MAIL_FROM. */
export function messageIdDomain(mailFrom: string): string {
  const { address } = parseMailbox(mailFrom);
  const domain = address.includes('@') ? address.slice(address.lastIndexOf('@') + 1) : '';
  return /^[A-Za-z0-9.-]+$/.test(domain) ? domain.toLowerCase() : 'localhost';
}
