import { describe, expect, it } from 'vitest';
import {
  checkTheme,
  cleanCss,
  compileSection,
  compileTheme,
  renderSection,
  sampleContext,
  type ThemeSource,
} from './index.js';

const ASSETS = ['https://api.example.test/v1/images/'];
const OWN_IMAGE = 'https://api.example.test/v1/images/abc.webp';

function theme(sections: Partial<ThemeSource['sections']>, css: string | null = null): ThemeSource {
  return { sections: { header: null, footer: null, home_hero: null, event_sections: null, ...sections }, css };
}

function render(section: 'header' | 'home_hero' | 'event_sections', source: string) {
  return renderSection(
    compileTheme({ [section]: source }),
    section,
    sampleContext(section, ASSETS[0] as string),
    ASSETS,
  );
}

describe('templates', () => {
  it('renders the documented data with the helpers, escaping text', () => {
    const html = render(
      'event_sections',
      '<h2>{{event.name}}</h2><p>{{date event.starts_at}} {{time event.starts_at}} · {{money event.price_from_cents event.currency}}</p><p>{{organizer.name}} <b>&lt;</b></p>',
    );
    expect(html).toBe(
      '<h2>Sample concert</h2><p>Saturday, June 1, 2030 2:00 PM · $25.00</p><p>Sample organizer <b>&lt;</b></p>',
    );
  });

  it('lists events with each, limit and eq', () => {
    const html = render(
      'home_hero',
      '<ul>{{#each (limit events 1)}}<li>{{name}}{{#if (eq @index 0)}} (next){{/if}}</li>{{/each}}</ul>',
    );
    expect(html).toBe('<ul><li>Sample concert (next)</li></ul>');
  });

  it.each([
    ['a partial', '{{> header}}', /Partials/],
    ['an inline partial that calls itself', '{{#*inline "x"}}{{> x}}{{> x}}{{/inline}}{{> x}}', /Decorators|Partials/],
    ['the constructor', '{{constructor.constructor}}', /cannot be read/],
    ['__proto__', '{{organizer.__proto__}}', /cannot be read/],
    ['lookup', '{{lookup organizer "constructor"}}', /unknown helper lookup/],
    ['log', '{{log organizer}}', /unknown helper log/],
    ['an unknown block helper', '{{#shout organizer}}hi{{/shout}}', /unknown helper shout/],
    ['an unknown helper called with a value', '{{shout organizer.name}}', /unknown helper shout/],
    ['a syntax error', '{{#if organizer}}', /mistake/],
    ['@data beyond loop positions', '{{@partials}}', /not available/],
  ])('refuses %s when compiled', (_name, source, message) => {
    expect(() => compileSection(source)).toThrow(message);
  });

  it('stops a template that loops for ever, quickly, and the page gets the default section', () => {
    const nested = `${'{{#each @root.events}}'.repeat(12)}x${'{{/each}}'.repeat(12)}`;
    const events = Array.from({ length: 50 }, (_, index) => ({ name: `E${index}` }));
    const render = compileSection(nested);
    const started = performance.now();
    expect(() => render({ ...sampleContext('home_hero', ''), events } as never)).toThrow(/repeats more than/);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(
      renderSection(compileTheme({ home_hero: nested }), 'home_hero', sampleContext('home_hero', ''), ASSETS),
    ).toBeNull();
  });

  it('fails a name the section does not have, and the page falls back', () => {
    expect(render('header', '<p>{{event.name}}</p>')).toBeNull();
  });

  it.each([
    ['<script>alert(1)</script><p>ok</p>', '<p>ok</p>'],
    ['<img src=x onerror=alert(1)>', ''],
    [`<img src="${OWN_IMAGE}" onerror="alert(1)" alt="">`, `<img src="${OWN_IMAGE}" alt="" />`],
    ['<img src="https://evil.example/pixel.png" alt="">', ''],
    ['<a href="javascript:alert(1)">x</a>', '<a rel="noopener nofollow">x</a>'],
    ['<a href="java&#x09;script:alert(1)">x</a>', '<a rel="noopener nofollow">x</a>'],
    ['<a href="data:text/html,<script>alert(1)</script>">x</a>', '<a rel="noopener nofollow">x</a>'],
    ['<svg onload=alert(1)><script>alert(1)</script></svg>', ''],
    ['<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>', '<table></table>'],
    ['<iframe src="https://evil.example"></iframe><form action="https://evil.example"><input name=x></form>', ''],
    ['<style>body{display:none}</style><p style="color:red" id="main" onclick="x()">t</p>', '<p>t</p>'],
    [
      '<p>{{organizer.name}}</p><object data="x"></object><embed src="x"><base href="https://evil.example/">',
      '<p>Sample organizer</p>',
    ],
  ])('sanitizes %s', (source, expected) => {
    expect(render('header', source)).toBe(expected);
  });
});

describe('stylesheets', () => {
  it.each([
    ['@import url("https://evil.example/x.css"); p { color: red }', 'p{color:red}'],
    ['p { background: url(https://evil.example/x.png) }', 'p{}'],
    ['p { background: url(javascript:alert(1)) }', 'p{}'],
    ['p { background: url(data:image/png;base64,AAAA) }', 'p{}'],
    [`p { background: url(${OWN_IMAGE}) }`, `p{background:url(${OWN_IMAGE})}`],
    ['p { width: expression(alert(1)) }', 'p{}'],
    ['p { background: image-set("https://evil.example/x.png" 1x) }', 'p{}'],
    ['p { behavior: url(x.htc); -moz-binding: url(x.xml#y) }', 'p{}'],
    ['p { background: \\75 rl(https://evil.example/x.png) }', 'p{}'],
    ['@font-face { font-family: x; src: url(https://evil.example/f.woff) } p { color: red }', 'p{color:red}'],
    ['</style><script>alert(1)</script><style> p { color: red } a { color: blue }', 'a{color:blue}'],
    ['a { content: "</style><script>alert(1)</script>" }', 'a{}'],
  ])('cleans %s', (source, expected) => {
    expect(cleanCss(source, ASSETS).css).toBe(expected);
  });
});

describe('the theme check', () => {
  it('grades what it finds, and only a fatal finding blocks publishing', () => {
    const check = checkTheme(
      theme(
        {
          header: '<h1>{{organizer.name}}</h1><img src="https://evil.example/x.png">',
          footer: '<p>{{{organizer.name}}}</p>',
          event_sections: '{{#each events}}{{name}}{{/each}}',
        },
        '@import "x.css"; p { color: red }',
      ),
      ASSETS,
    );
    const summary = check.findings.map((finding) => [finding.level, finding.part]);
    expect(summary).toEqual([
      ['fatal', 'event_sections'],
      ['error', 'header'],
      ['error', 'header'],
      ['error', 'css'],
      ['warning', 'header'],
      ['warning', 'footer'],
    ]);
    expect(check.findings[0]?.message).toMatch(
      /"events" is not available in this section. It can use: organizer, page, event/,
    );
    expect(check.publishable).toBe(false);
    expect(check.css).toBe('p{color:red}');

    const fixed = checkTheme(theme({ header: '<h2>{{organizer.name}}</h2>' }, 'p { color: red }'), ASSETS);
    expect(fixed.findings).toEqual([]);
    expect(fixed.publishable).toBe(true);
  });

  it('refuses sources over the size limits as fatal', () => {
    const check = checkTheme(theme({ footer: 'x'.repeat(20_001) }, 'p{}'.repeat(30_000)), ASSETS);
    expect(check.findings.filter((finding) => finding.level === 'fatal').map((finding) => finding.part)).toEqual([
      'footer',
      'css',
    ]);
  });
});
