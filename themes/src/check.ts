import { SECTION_DATA, SECTIONS, type Section, sampleContext } from './context.js';
import { inspectMarkup, type MarkupFinding } from './markup.js';
import { cleanCss } from './styles.js';
import { compileSection, parseTemplate, type RootName, rootNames, TemplateProblem } from './templates.js';

/**
 * How much a finding matters, as Ghost's gscan and Shopify's Theme Check grade them: a fatal one
 * keeps the theme from being published; an error is something the storefront will leave out; a
 * warning hurts buyers; a tip is advice.
 */
export const CHECK_LEVELS = ['fatal', 'error', 'warning', 'tip'] as const;
export type CheckLevel = (typeof CHECK_LEVELS)[number];

export type ThemePart = Section | 'css';

export interface CheckFinding {
  level: CheckLevel;
  part: ThemePart;
  line: number | null;
  message: string;
}

export interface ThemeSource {
  sections: Record<Section, string | null>;
  css: string | null;
}

export interface ThemeCheck {
  findings: CheckFinding[];
  /** No fatal finding. */
  publishable: boolean;
  /** The stylesheet as it will be served. */
  css: string;
}

function markupFinding(part: Section, finding: MarkupFinding): CheckFinding {
  const messages: Record<MarkupFinding['kind'], [CheckLevel, string]> = {
    removed_tag: ['error', `<${finding.detail}> is not allowed in a theme and is left out.`],
    removed_attribute: ['error', `The ${finding.detail} attribute is not allowed in a theme and is left out.`],
    foreign_image: [
      'error',
      `The image "${finding.detail.slice(0, 80)}" is not one of this organizer's uploads and is left out. Upload it and use its address.`,
    ],
    unsafe_link: ['error', `The link "${finding.detail}" is not a web, email or phone address and is left out.`],
    missing_alt: [
      'error',
      'An image has no alt text: a buyer using a screen reader does not know what it shows. Add alt="…" (alt="" for decoration).',
    ],
    heading_one: [
      'warning',
      'Each page already has its main heading (h1); this one is shown as plain text. Use <h2> and below.',
    ],
  };
  const [level, message] = messages[finding.kind];
  return { level, part, line: null, message };
}

function renderProblemMessage(problem: TemplateProblem): string {
  const missing = /"([^"]+)" not defined/.exec(problem.message)?.[1];
  if (missing)
    return `"${missing}" is not defined where the template reads it. Check the name against the data reference.`;
  return problem.message;
}

/** The line of the first triple-brace output, if any. */
function unescapedOutput(program: hbs.AST.Program): number | null {
  let line: number | null = null;
  const visit = (node: unknown): void => {
    if (line !== null || !node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    const typed = node as { type?: string; escaped?: boolean; loc?: { start: { line: number } } };
    if (typed.type === 'MustacheStatement' && typed.escaped === false) {
      line = typed.loc?.start.line ?? 1;
      return;
    }
    for (const [key, value] of Object.entries(typed)) if (key !== 'loc') visit(value);
  };
  visit(program);
  return line;
}

function checkSection(section: Section, source: string, imagePrefixes: readonly string[]): CheckFinding[] {
  const findings: CheckFinding[] = [];
  let html: string;
  // One parse for all that follows: what the template reads and prints is taken from the tree
  // before compiling it.
  let program: hbs.AST.Program;
  let names: RootName[];
  let unescaped: number | null;
  try {
    program = parseTemplate(source);
    names = rootNames(program);
    unescaped = unescapedOutput(program);
    const render = compileSection(program);
    html = render(sampleContext(section, imagePrefixes[0] ?? 'https://files.invalid'));
  } catch (cause) {
    if (!(cause instanceof TemplateProblem)) throw cause;
    return [{ level: 'fatal', part: section, line: cause.line, message: renderProblemMessage(cause) }];
  }
  for (const { name, line } of names) {
    if (SECTION_DATA[section].includes(name)) continue;
    return [
      {
        level: 'fatal',
        part: section,
        line,
        message: `"${name}" is not available in this section. It can use: ${SECTION_DATA[section].join(', ')} (see the data reference).`,
      },
    ];
  }
  for (const finding of inspectMarkup(html, imagePrefixes)) findings.push(markupFinding(section, finding));
  if (unescaped !== null) {
    findings.push({
      level: 'warning',
      part: section,
      line: unescaped,
      message:
        'Triple braces {{{…}}} put text on the page as HTML. Organizer and event texts are plain text: use {{…}} so they show as written.',
    });
  }
  if (html.trim() === '') {
    findings.push({
      level: 'tip',
      part: section,
      line: null,
      message: 'This section shows nothing with sample data; leave it empty to keep the storefront’s own.',
    });
  }
  return findings;
}

/** The theme check run on every save, and again before publishing. */
export function checkTheme(theme: ThemeSource, imagePrefixes: readonly string[]): ThemeCheck {
  const findings: CheckFinding[] = [];
  for (const section of SECTIONS) {
    const source = theme.sections[section];
    if (source?.trim()) findings.push(...checkSection(section, source, imagePrefixes));
  }
  const { css, findings: cssFindings } = cleanCss(theme.css ?? '', imagePrefixes);
  for (const finding of cssFindings) findings.push({ ...finding, part: 'css' });
  const importants = (theme.css ?? '').match(/!important/gi)?.length ?? 0;
  if (importants > 10) {
    findings.push({
      level: 'tip',
      part: 'css',
      line: null,
      message: `The stylesheet uses !important ${importants} times. A more specific selector is easier to change later.`,
    });
  }
  if (SECTIONS.every((section) => !theme.sections[section]?.trim()) && !theme.css?.trim()) {
    findings.push({
      level: 'tip',
      part: 'css',
      line: null,
      message: 'The theme is empty: publishing it shows the storefront’s own look with your branding.',
    });
  }
  findings.sort((a, b) => CHECK_LEVELS.indexOf(a.level) - CHECK_LEVELS.indexOf(b.level));
  return { findings, publishable: !findings.some((finding) => finding.level === 'fatal'), css };
}
