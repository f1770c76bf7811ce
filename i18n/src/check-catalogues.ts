// Checks the catalogues in the folders given (each a folder of `<locale>.json` files) and prints a
// line per language with its count of messages; exits 1 when any language lacks a key English
// has, has one English lacks, or breaks a message's inputs or plurals.
import { checkCatalogues, describeReports, reportsFail } from './catalogues.ts';

const folders = process.argv.slice(2);
if (folders.length === 0) {
  console.error('Name the folders of catalogues to check, e.g. storefront/messages.');
  process.exit(2);
}
const reports = folders.map((folder) => checkCatalogues(folder));
console.log(describeReports(reports));
if (reportsFail(reports)) {
  console.error('The catalogues above need the changes listed under their language.');
  process.exit(1);
}
