export const FAX_DOCUMENT_TYPES = ['application/pdf', 'image/tiff'] as const;
export type FaxDocumentType = (typeof FAX_DOCUMENT_TYPES)[number];

const PDF = Buffer.from('%PDF-', 'latin1');
const TIFF_LITTLE_ENDIAN = Buffer.from([0x49, 0x49, 0x2a, 0x00]); // II*\0
const TIFF_BIG_ENDIAN = Buffer.from([0x4d, 0x4d, 0x00, 0x2a]); // MM\0*

/** What a fax document really is, by its first bytes (never by the name or type it was sent with). */
export function sniffFaxDocument(bytes: Buffer): FaxDocumentType | null {
  if (bytes.subarray(0, PDF.length).equals(PDF)) return 'application/pdf';
  const head = bytes.subarray(0, 4);
  if (head.equals(TIFF_LITTLE_ENDIAN) || head.equals(TIFF_BIG_ENDIAN)) return 'image/tiff';
  return null;
}

export const faxFilename = (faxId: string, type: FaxDocumentType): string =>
  `fax-${faxId.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 100)}.${type === 'application/pdf' ? 'pdf' : 'tif'}`;
