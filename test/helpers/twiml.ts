/** A parsed TwiML (or any simple XML) element. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e.startsWith('#x') || e.startsWith('#X')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return ENTITIES[e] ?? m;
  });

/**
 * Parses the XML Twilio would read: elements, attributes and text, no CDATA or DTD. Throws on
 * anything malformed (unclosed or mismatched tags), so a test fails on TwiML Twilio would refuse.
 */
export function parseXml(xml: string): XmlElement {
  const body = xml.replace(/^\s*<\?xml[^>]*\?>/, '');
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  const token =
    /<\/([A-Za-z][\w:.-]*)\s*>|<([A-Za-z][\w:.-]*)((?:\s+[A-Za-z_:][\w:.-]*\s*=\s*"[^"]*")*)\s*(\/?)>|([^<]+)/gy;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = token.exec(body)) !== null) {
    consumed = token.lastIndex;
    const [, close, open, attrs, selfClosing, text] = match;
    const top = stack[stack.length - 1];
    if (close) {
      if (top.name !== close) throw new Error(`</${close}> closes <${top.name}>`);
      stack.pop();
    } else if (open) {
      const element: XmlElement = { name: open, attributes: {}, children: [], text: '' };
      for (const [, key, value] of (attrs ?? '').matchAll(/([A-Za-z_:][\w:.-]*)\s*=\s*"([^"]*)"/g)) {
        element.attributes[key] = decode(value);
      }
      top.children.push(element);
      if (!selfClosing) stack.push(element);
    } else if (text) {
      if (stack.length === 1 && text.trim()) throw new Error('text outside the root element');
      top.text += decode(text);
    }
  }
  if (consumed !== body.length) throw new Error(`cannot parse XML at offset ${consumed}`);
  if (stack.length !== 1) throw new Error(`<${stack[stack.length - 1].name}> is not closed`);
  if (root.children.length !== 1) throw new Error('XML must have one root element');
  return root.children[0];
}

/** Parses TwiML and checks its root is <Response>. */
export function parseTwiml(xml: string): XmlElement {
  const root = parseXml(xml);
  if (root.name !== 'Response') throw new Error(`TwiML root is <${root.name}>, not <Response>`);
  return root;
}

/** The names of the verbs, in order: e.g. ['Say', 'Enqueue']. */
export const verbs = (response: XmlElement): string[] => response.children.map((c) => c.name);

export const child = (element: XmlElement, name: string): XmlElement => {
  const found = element.children.find((c) => c.name === name);
  if (!found) throw new Error(`<${element.name}> has no <${name}>: ${verbs(element).join(', ')}`);
  return found;
};
