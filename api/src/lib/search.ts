/** A LIKE pattern that finds `text` anywhere, its wildcards escaped: a search for `50%` or `a_b` means those characters. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
