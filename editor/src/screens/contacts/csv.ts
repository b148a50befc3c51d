/**
 * Records of CSV text (quoted cells, doubled quotes, CRLF or LF), enough to read a file's header
 * row before uploading it and the API's error report after; the API parses the file itself.
 */
export function parseCsv(text: string, delimiter = ',', limit = Infinity): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  for (let index = 0; index < text.length && records.length < limit; index++) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        cell += '"';
        index++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"' && cell === '') quoted = true;
    else if (char === delimiter) {
      record.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[index + 1] === '\n') index++;
      record.push(cell);
      if (record.some((value) => value !== '')) records.push(record);
      record = [];
      cell = '';
    } else cell += char;
  }
  if (records.length < limit && (cell !== '' || record.length)) {
    record.push(cell);
    if (record.some((value) => value !== '')) records.push(record);
  }
  return records;
}

/** The header row of a CSV file, read from its first 64 KB in the file's encoding. */
export async function readHeader(file: Blob, encoding: string, delimiter: string): Promise<string[]> {
  const text = new TextDecoder(encoding).decode(await file.slice(0, 64 * 1024).arrayBuffer());
  const [header = []] = parseCsv(text.replace(/^\uFEFF/, ''), delimiter, 1);
  return header.map((name) => name.trim());
}
