/**
 * Moving through a page with the Tab key, as a person without a pointer does, for the browser
 * tests of the storefront and the admin.
 */

/** The focused element as a test can tell it apart. */
export interface Focused {
  tag: string;
  text: string;
  href: string;
  name: string;
  type: string;
  /** `aria-label`, which names a control whose text is shorter than what it does. */
  label: string;
  formaction: string;
}

/** What of a Playwright page this needs. */
interface KeyboardPage {
  keyboard: { press(key: string): Promise<void> };
  evaluate<T>(run: () => T): Promise<T>;
}

/**
 * Presses Tab until `matches` holds of the focused element. Every stop on the way must show where
 * the focus is (an outline of at least 2 px); a stop that does not, or never reaching a match
 * within 80 stops, throws.
 */
export async function tabTo(page: KeyboardPage, matches: (focused: Focused) => boolean): Promise<Focused> {
  for (let stops = 0; stops < 80; stops++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      if (!element || element === document.body) return null;
      const style = getComputedStyle(element);
      const attribute = (name: string) => element.getAttribute(name) ?? '';
      return {
        tag: element.tagName.toLowerCase(),
        text: (element.textContent ?? '').trim(),
        href: attribute('href'),
        name: attribute('name'),
        type: attribute('type'),
        label: attribute('aria-label'),
        formaction: attribute('formaction'),
        visible: style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) >= 2,
      };
    });
    if (!focused) continue;
    const { visible, ...element } = focused;
    if (!visible) throw new Error(`the focus does not show on <${element.tag}> "${element.text.slice(0, 40)}"`);
    if (matches(element)) return element;
  }
  throw new Error('the keyboard never reached what it looked for');
}
