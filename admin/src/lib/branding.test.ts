import { checkContrast } from '@accessplus/themes/brand-colors';
import { describe, expect, it } from 'vitest';
import { brandingFields, colorFields, contrastProblem, fonts } from './branding';
import { formProblems } from './form-errors';
import { messagesFor } from './messages';

const en = messagesFor('en');
const fr = messagesFor('fr');

describe('the branding form', () => {
  it('names its colors and fonts in the reader’s language, the Noto fonts by their own names', () => {
    expect(colorFields(en).map((color) => color.label)).toEqual(['Brand color', 'Page background', 'Text color']);
    expect(colorFields(en)[0]?.pick).toBe('Pick the brand color');
    expect(fonts(en).map((font) => font.label)).toEqual(["The device's own font", 'Noto Sans', 'Noto Serif']);
    expect(colorFields(fr)[0]?.label).not.toBe('Brand color');
    expect(
      fonts(fr)
        .map((font) => font.label)
        .slice(1),
    ).toEqual(['Noto Sans', 'Noto Serif']);
  });

  it("says what the API refuses of a color in the form's words, as one sentence", () => {
    const refused = [{ field: 'body.brand_color', message: 'has a format that is not accepted' }];
    expect(formProblems(refused, brandingFields(en))).toEqual([
      {
        input: 'brand_color',
        label: 'Brand color',
        message: 'Brand color must be # and six hexadecimal digits, such as #7a1f3d.',
      },
    ]);
    const [inFrench] = formProblems(refused, brandingFields(fr));
    expect(inFrench?.message).toContain('#7a1f3d');
    expect(inFrench?.message).not.toContain('must be');
  });

  it('says why a color is hard to read, and which one reads well', () => {
    const check = checkContrast({ brand_color: '#f4c430', background_color: null, text_color: null }).find(
      (entry) => entry.field === 'brand_color',
    );
    if (!check) throw new Error('no check of the brand color');
    expect(check.passes).toBe(false);
    // The same sentence as the themes package's, in English.
    expect(contrastProblem(check, en)).toBe(check.message.replace(/^Hard to read: /, ''));
    expect(contrastProblem(check, fr)).toContain(`${check.ratio}:1`);
    expect(contrastProblem(check, fr)).not.toContain('where at least');
  });
});
