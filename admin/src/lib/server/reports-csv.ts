import { stringify } from 'csv-stringify/sync';

// Server only: csv-stringify reaches for Node's Buffer as it loads, which browsers lack, and the
// reports page's own module (lib/reports.ts) runs in the browser too.

/**
 * The records as a CSV file's text (RFC 4180, CRLF line ends), with a byte order mark: without
 * it Excel reads the file in the machine's legacy code page and garbles Amharic and Arabic names.
 */
export function csvText(records: readonly (readonly string[])[]): string {
  // csv-stringify quotes a field holding the record delimiter (CRLF) but not a bare line feed,
  // which spreadsheets read as the end of the row: quote every field with either.
  return `\uFEFF${stringify(records as string[][], { record_delimiter: 'windows', quoted_match: /[\r\n]/ })}`;
}
