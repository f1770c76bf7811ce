// Checks the catalogues of the inlang projects in the folders given (each holding a
// `project.inlang`) and prints a line per language with its count of messages; exits 1 when any
// language lacks a key English has, has one English lacks, or breaks a message's inputs or plurals.
import { checkProject, describeReports, reportsFail } from './catalogues.ts';

const projects = process.argv.slice(2);
if (projects.length === 0) {
  console.error('Name the folders of the inlang projects to check, e.g. storefront.');
  process.exit(2);
}
const reports = projects.flatMap((dir) => checkProject(dir));
console.log(describeReports(reports));
if (reportsFail(reports)) {
  console.error('The catalogues above need the changes listed under their language.');
  process.exit(1);
}
