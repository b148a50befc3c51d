import { CsvError, parse, Parser } from 'csv-parse';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { problems, ProblemException } from '../common/problem';
import { ImportMapping, missingColumns } from './import-mapping';

/** The largest file an import takes (documented in README): 100 MB. */
export const maxImportBytes = 100 * 1024 * 1024;
/** Stored text is cut into pieces of about this size. */
const chunkChars = 1024 * 1024;

/** The parser settings the upload check and the import pass share, so both read the file alike. */
export function csvParser(mapping: Pick<ImportMapping, 'delimiter'>, options: { columns: boolean }): Parser {
  return parse({
    delimiter: mapping.delimiter,
    bom: true,
    // Records keyed by their header's names, trimmed as the upload check reads them.
    columns: options.columns ? (header: string[]) => header.map((name) => name.trim()) : false,
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
  });
}

export interface ReceivedFile {
  bytes: number;
  sha256: string;
  rows: number;
  chunks: number;
  header: string[];
}

const badFile = (message: string, line?: number) =>
  problems.validation([{ ...(line === undefined ? {} : { path: `line ${line}` }), code: 'bad_csv', message }], `The file cannot be imported: ${message}`);

/**
 * Reads an uploaded CSV as it streams in, never whole: checks its encoding, its CSV syntax and
 * that its header has every mapped column, counts its rows, and hands its text to `store` in
 * pieces of about 1 MB. Throws a 400 naming the line, or a 413 past `maxImportBytes`.
 */
export async function receiveCsv(body: Readable, mapping: ImportMapping, store: (seq: number, text: string) => Promise<void>): Promise<ReceivedFile> {
  const hash = createHash('sha256');
  const decoder = new TextDecoder(mapping.encoding, { fatal: true });
  const parser = csvParser(mapping, { columns: false });
  let bytes = 0;
  let lines = 1;
  let pending = '';
  let seq = 0;
  let records = 0;
  let header: string[] | undefined;
  let failure: ProblemException | undefined;

  parser.on('readable', () => {
    let next: { record: string[]; info: { lines: number } } | null;
    while ((next = parser.read() as typeof next) !== null) {
      records++;
      if (header) continue;
      header = next.record.map((cell) => cell.trim());
      const duplicate = header.find((name, index) => header!.indexOf(name) !== index);
      if (duplicate) failure ??= badFile(`the header names column "${duplicate}" twice`, 1);
      const missing = missingColumns(header, mapping);
      if (missing.length) failure ??= badFile(`the mapping names columns the header does not have: ${missing.map((name) => `"${name}"`).join(', ')} (it has ${header.map((name) => `"${name}"`).join(', ')})`, 1);
    }
  });
  const parsed = new Promise<void>((resolve, reject) => {
    parser.on('end', resolve);
    parser.on('error', reject);
  });
  // Settled below; kept from being reported as unhandled while the body still streams.
  parsed.catch(() => undefined);

  const take = async (text: string, last: boolean) => {
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines++;
    pending += text;
    if (!parser.write(text)) await new Promise((resolve) => parser.once('drain', resolve));
    if (pending.length >= chunkChars || (last && pending)) {
      await store(seq++, pending);
      pending = '';
    }
  };

  try {
    for await (const piece of body) {
      const buffer = piece as Buffer;
      bytes += buffer.length;
      if (bytes > maxImportBytes) throw new ProblemException(413, 'Payload too large', `The file is over ${maxImportBytes / 1024 / 1024} MB; split it into smaller files.`);
      hash.update(buffer);
      let text: string;
      try {
        text = decoder.decode(buffer, { stream: true });
      } catch {
        const line = lines + linesBeforeBadText(buffer, mapping.encoding);
        throw badFile(`the file is not valid ${mapping.encoding} text (line ${line}); save it as ${mapping.encoding === 'utf-8' ? 'UTF-8, or set encoding to "gb18030"' : 'GB18030'}`, line);
      }
      await take(text, false);
      if (failure) throw failure;
    }
    let rest: string;
    try {
      rest = decoder.decode();
    } catch {
      throw badFile(`the file ends in the middle of a ${mapping.encoding} character`, lines);
    }
    await take(rest, true);
    parser.end();
    await parsed;
  } catch (error) {
    parser.destroy();
    if (error instanceof CsvError) throw badFile(error.message, (error as CsvError & { lines?: number }).lines);
    throw error;
  }
  if (failure) throw failure;
  if (!header) throw badFile('the file is empty: it needs a header row and at least one row');
  return { bytes, sha256: hash.digest('hex'), rows: records - 1, chunks: seq, header };
}

/** Line breaks in `buffer` before its first bytes that are not text in this encoding. */
function linesBeforeBadText(buffer: Buffer, encoding: string): number {
  const text = new TextDecoder(encoding).decode(buffer);
  const bad = text.indexOf('\uFFFD');
  return text.slice(0, bad === -1 ? text.length : bad).split('\n').length - 1;
}
