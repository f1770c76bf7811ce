import * as csstree from 'css-tree';
import { isOwnAsset } from './markup.js';

/** Largest theme stylesheet, in characters. */
export const CSS_MAX_CHARS = 64_000;

export interface CssFinding {
  level: 'fatal' | 'error';
  line: number | null;
  message: string;
}

const ALLOWED_AT_RULES = new Set(['media', 'supports', 'keyframes', '-webkit-keyframes', 'container', 'layer']);

/** Properties that once ran code or fetched behavior in some browser. */
const FORBIDDEN_PROPERTIES = new Set(['behavior', '-ms-behavior', '-moz-binding']);

/**
 * Functions that run code (`expression`) or fetch from an address given as a plain string
 * (`image-set("…")`, `src("…")`), which a `url()` check alone would not see.
 */
const FORBIDDEN_FUNCTIONS = new Set([
  'expression',
  'image-set',
  '-webkit-image-set',
  'src',
  'element',
  'paint',
  'cross-fade',
]);

function lineOf(node: csstree.CssNode): number | null {
  return node.loc?.start.line ?? null;
}

/** What in one declaration's value a theme may not use, in words; null when it may stay. */
function declarationProblem(declaration: csstree.Declaration, imagePrefixes: readonly string[]): string | null {
  const property = declaration.property.toLowerCase();
  if (FORBIDDEN_PROPERTIES.has(property)) return `"${declaration.property}" cannot be used.`;
  let problem: string | null = null;
  csstree.walk(declaration.value, (node) => {
    if (problem) return;
    if (node.type === 'Url' && !isOwnAsset(node.value, imagePrefixes)) {
      problem = `url(${node.value.slice(0, 80)}) is not one of this organizer's uploaded images; only those can be used.`;
    } else if (node.type === 'Function' && FORBIDDEN_FUNCTIONS.has(node.name.toLowerCase())) {
      problem = `${node.name}() cannot be used.`;
    } else if (node.type === 'Raw' && /url\(|expression|\\/i.test(node.value)) {
      problem = 'This value cannot be read safely.';
    }
  });
  if (problem) return problem;
  // An escape can spell a forbidden word (`\75 rl(`) past any check of names; no theme needs one.
  const written = csstree.generate(declaration);
  if (written.includes('\\')) return 'Backslash escapes cannot be used in values.';
  if (written.includes('<')) return 'A value cannot contain "<".';
  return null;
}

/**
 * A theme stylesheet with everything a theme may not do left out, and each thing left out in
 * words. Parsed, never matched with patterns, and written back from the parsed tree, so what is
 * served is exactly what was checked.
 */
export function cleanCss(source: string, imagePrefixes: readonly string[]): { css: string; findings: CssFinding[] } {
  const findings: CssFinding[] = [];
  if (source.length > CSS_MAX_CHARS) {
    findings.push({
      level: 'fatal',
      line: null,
      message: `The stylesheet is ${source.length.toLocaleString('en-US')} characters; a theme may have at most ${CSS_MAX_CHARS.toLocaleString('en-US')}.`,
    });
    return { css: '', findings };
  }
  const ast = csstree.parse(source, {
    positions: true,
    onParseError: (error) => {
      findings.push({
        level: 'error',
        line: (error as { line?: number }).line ?? null,
        message: `This part cannot be read and is left out: ${error.message}.`,
      });
    },
  });

  csstree.walk(ast, {
    enter(node: csstree.CssNode, item: csstree.ListItem<csstree.CssNode>, list: csstree.List<csstree.CssNode>) {
      if (!list) return;
      if (node.type === 'Atrule') {
        const name = node.name.toLowerCase();
        if (ALLOWED_AT_RULES.has(name)) return;
        const message =
          name === 'import'
            ? "@import cannot be used: a theme's styles all come from its own stylesheet."
            : name === 'font-face'
              ? '@font-face cannot be used: choose the font in the branding settings.'
              : `@${node.name} cannot be used.`;
        findings.push({ level: 'error', line: lineOf(node), message: `${message} It is left out.` });
        list.remove(item);
        return csstree.walk.skip;
      }
      if (node.type === 'Declaration') {
        const problem = declarationProblem(node, imagePrefixes);
        if (problem) {
          findings.push({ level: 'error', line: lineOf(node), message: `${problem} The declaration is left out.` });
          list.remove(item);
        }
        return csstree.walk.skip;
      }
      if (node.type === 'Rule' && /</.test(csstree.generate(node.prelude))) {
        // Served as a file of its own, `</style>` breaks nothing; in a selector it is no selector at all.
        findings.push({
          level: 'error',
          line: lineOf(node),
          message: 'A selector cannot contain "<"; the rule is left out.',
        });
        list.remove(item);
        return csstree.walk.skip;
      }
      if (node.type === 'Raw') {
        findings.push({ level: 'error', line: lineOf(node), message: 'This part cannot be read and is left out.' });
        list.remove(item);
      }
      return undefined;
    },
  });
  return { css: csstree.generate(ast), findings };
}
