import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  escapeHtml,
  type HtmlValue,
  html,
  join,
  renderDocument,
  SafeHtml,
  unsafeRaw,
} from '../../src/web/html.ts';

const XSS = '<script>alert(1)</script>';

describe('html`…`', () => {
  it('escapes a value in text position', () => {
    expect(String(html`<p>${XSS}</p>`)).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
  });

  it('escapes a value in a double- or single-quoted attribute so it cannot leave it', () => {
    const breakout = `"><script>alert(1)</script><a x="`;
    expect(String(html`<a title="${breakout}">x</a>`)).toBe(
      '<a title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;a x=&quot;">x</a>',
    );
    expect(String(html`<a title='${"' onmouseover='alert(1)"}'>x</a>`)).toBe(
      "<a title='&#39; onmouseover=&#39;alert(1)'>x</a>",
    );
  });

  it('escapes & < > " and \' everywhere', () => {
    expect(escapeHtml(`a & b < c > d " e ' f`)).toBe('a &amp; b &lt; c &gt; d &quot; e &#39; f');
    expect(String(html`${'&amp;'}`)).toBe('&amp;amp;');
  });

  it('inserts nested templates as markup and joins arrays', () => {
    const items = ['a', '<b>'].map((item) => html`<li>${item}</li>`);
    expect(String(html`<ul>${items}</ul>`)).toBe('<ul><li>a</li><li>&lt;b&gt;</li></ul>');
    expect(String(html`${[['x', html`<i>y</i>`], 'z']}`)).toBe('x<i>y</i>z');
  });

  it('renders nothing for null, undefined and false, and renders 0', () => {
    const values: HtmlValue[] = [null, undefined, false];
    for (const value of values) expect(String(html`<p>${value}</p>`)).toBe('<p></p>');
    expect(String(html`<p>${0}</p>`)).toBe('<p>0</p>');
    const shown = false;
    expect(String(html`<p>${shown && html`<b>no</b>`}</p>`)).toBe('<p></p>');
  });

  it('inserts unsafeRaw markup verbatim (the QR code SVG)', () => {
    const svg = '<svg viewBox="0 0 1 1"><path d="M0 0h1v1H0z"/></svg>';
    expect(String(html`<figure>${unsafeRaw(svg)}</figure>`)).toBe(`<figure>${svg}</figure>`);
  });

  it('accepts conditional attribute fragments inside a tag', () => {
    const current = true;
    expect(String(html`<a href="/x"${current ? html` aria-current="page"` : null}>x</a>`)).toBe(
      '<a href="/x" aria-current="page">x</a>',
    );
  });

  it('refuses positions escaping cannot protect', () => {
    expect(() => html`<a href=${'/x'}>x</a>`).toThrow(/unquoted attribute/);
    expect(() => html`<a ${'onclick="alert(1)"'}>x</a>`).toThrow(/inside a tag/);
    expect(() => html`<a title="${html`<b>x</b>`}">x</a>`).toThrow(/only strings and numbers/);
  });

  it('keeps the attribute context across several values in one attribute', () => {
    expect(String(html`<p class="a ${'b"c'} ${'d'}">${XSS}</p>`)).toBe(
      '<p class="a b&quot;c d">&lt;script&gt;alert(1)&lt;/script&gt;</p>',
    );
  });

  it.each([
    ['javascript:alert(1)'],
    [' JaVaScRiPt:alert(1)'],
    ['java\tscript:alert(1)'],
    ['\u0001javascript:alert(1)'],
    ['data:text/html,<script>alert(1)</script>'],
    ['vbscript:msgbox(1)'],
  ])('neutralizes the URL %j in href/src/action', (url) => {
    expect(String(html`<a href="${url}">x</a>`)).toBe('<a href="about:invalid">x</a>');
    expect(String(html`<img src="${url}" alt="">`)).toBe('<img src="about:invalid" alt="">');
    expect(String(html`<form action="${url}"></form>`)).toBe('<form action="about:invalid"></form>');
  });

  it.each([
    ['/p/tok/invoices?tab=open&before=x', '/p/tok/invoices?tab=open&amp;before=x'],
    ['https://example.com/a', 'https://example.com/a'],
    ['mailto:a@example.com', 'mailto:a@example.com'],
    ['tel:+3221234567', 'tel:+3221234567'],
    ['#main', '#main'],
    ['invoices/1', 'invoices/1'],
    ['../portal.css', '../portal.css'],
  ])('keeps the safe URL %j', (url, expected) => {
    expect(String(html`<a href="${url}">x</a>`)).toBe(`<a href="${expected}">x</a>`);
  });

  it('checks only URLs that start with the value (a literal scheme prefix decides)', () => {
    expect(String(html`<a href="mailto:${'a@b.c?subject=<x>'}">x</a>`)).toBe(
      '<a href="mailto:a@b.c?subject=&lt;x&gt;">x</a>',
    );
  });

  it('leaves other attributes alone (a title may say javascript:)', () => {
    expect(String(html`<a title="${'javascript:x'}">x</a>`)).toBe('<a title="javascript:x">x</a>');
  });

  it('never lets an arbitrary string produce markup, in text or attribute position', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        const text = String(html`<p>${value}</p>`).slice(3, -4);
        const attribute = /^<p title="(.*)"><\/p>$/s.exec(String(html`<p title="${value}"></p>`))?.[1];
        for (const escaped of [text, attribute ?? '<']) {
          expect(escaped).not.toMatch(/[<>"']/);
          expect(
            escaped.replace(
              /&(lt|gt|quot|#39|amp);/g,
              (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e] ?? '',
            ),
          ).toBe(value);
        }
      }),
    );
  });

  it('cannot be faked: a SafeHtml only comes from html`…` or unsafeRaw', () => {
    expect(() => new SafeHtml('<script>alert(1)</script>', Symbol('trusted html') as never)).toThrow(
      TypeError,
    );
    const lookalike = { toString: () => XSS } as unknown as HtmlValue;
    expect(() => html`<p>${lookalike}</p>`).toThrow(TypeError);
  });

  it('join() escapes and separates', () => {
    expect(String(join(['a', null, html`<b>c</b>`, '<d>'], html`<br>`))).toBe('a<br><b>c</b><br>&lt;d&gt;');
  });

  it('renderDocument() prefixes the doctype', () => {
    expect(renderDocument(html`<html lang="${'en'}"></html>`)).toBe(
      '<!doctype html>\n<html lang="en"></html>',
    );
  });
});
