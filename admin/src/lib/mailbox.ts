/** A run of an email's plain text: words as they are, or a link to make clickable. */
export type TextRun = { text: string; href?: undefined } | { text: string; href: string };

// Up to the first whitespace; trailing punctuation that ends a sentence is not part of the link.
const LINK = /https?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]'"]/g;

/** Splits plain text into text and http(s) links, so the page can render the links as anchors. */
export function linkify(text: string): TextRun[] {
  const runs: TextRun[] = [];
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    const start = match.index ?? 0;
    if (start > last) runs.push({ text: text.slice(last, start) });
    runs.push({ text: match[0], href: match[0] });
    last = start + match[0].length;
  }
  if (last < text.length) runs.push({ text: text.slice(last) });
  return runs;
}
