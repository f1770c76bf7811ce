import type { Section, SectionContext } from './context.js';
import { sanitizeSection } from './markup.js';
import { type CompiledSection, compileSection } from './templates.js';

export type CompiledTheme = Partial<Record<Section, CompiledSection>>;

/** A published or draft theme's sections, compiled once; one that does not compile is left out. */
export function compileTheme(sections: Partial<Record<Section, string | null>>): CompiledTheme {
  const compiled: CompiledTheme = {};
  for (const [section, source] of Object.entries(sections) as [Section, string | null][]) {
    if (!source?.trim()) continue;
    try {
      compiled[section] = compileSection(source);
    } catch {
      // The storefront's own section stands in for it.
    }
  }
  return compiled;
}

/**
 * A section's sanitized HTML for a buyer's page, or null for the storefront's own section: a
 * theme that fails, however it fails, never costs a buyer the page.
 */
export function renderSection(
  theme: CompiledTheme | null,
  section: Section,
  context: SectionContext,
  imagePrefixes: readonly string[],
): string | null {
  const render = theme?.[section];
  if (!render) return null;
  try {
    return sanitizeSection(render(context), imagePrefixes);
  } catch {
    return null;
  }
}
