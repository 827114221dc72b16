// @vitest-environment happy-dom
import { runInNewContext } from 'node:vm';
import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import { toSafeValue } from './safeValue';

describe('toSafeValue: DOM values', () => {
  it('describes an element by class, tag, id and classes', () => {
    const div = document.createElement('div');
    div.id = 'main';
    div.className = ' card  wide ';
    expect(toSafeValue(div)).toBe('[HTMLDivElement div#main.card.wide]');
    expect(toSafeValue(document.createElement('span'))).toBe('[HTMLSpanElement span]');
  });

  it('describes non-element nodes by kind', () => {
    expect(toSafeValue(document)).toBe('[Document]');
    expect(toSafeValue(document.createTextNode('hello'))).toBe('[Text]');
    expect(toSafeValue(document.createComment('c'))).toBe('[Comment]');
  });

  it('describes the window', () => {
    expect(toSafeValue(window)).toBe('[Window]');
    expect(toSafeValue({ target: window, el: document.body })).toStrictEqual({
      target: '[Window]',
      el: '[HTMLBodyElement body]',
    });
  });

  it('recognises nodes and windows of another window', () => {
    const other = new Window();
    const button = other.document.createElement('button');
    button.id = 'buy';
    expect(toSafeValue([button, other, other.document])).toStrictEqual([
      '[HTMLButtonElement button#buy]',
      '[Window]',
      '[Document]',
    ]);
  });

  it('recognises a node from another realm, where instanceof fails', () => {
    // happy-dom windows share one realm; a vm context stands in for an iframe's realm
    const foreign = runInNewContext(`
      class Node { get nodeType() { return 1; } get nodeName() { return 'SECTION'; } }
      class Element extends Node { get id() { return ''; } get className() { return 'hero'; } }
      class HTMLElement extends Element { get [Symbol.toStringTag]() { return 'HTMLElement'; } }
      new HTMLElement();
    `) as object;
    expect(foreign instanceof Node).toBe(false);
    expect(toSafeValue(foreign)).toBe('[HTMLElement section.hero]');
  });

  it('describes a click event target without walking the DOM', () => {
    const button = document.createElement('button');
    document.body.append(button);
    let captured: unknown;
    button.addEventListener('click', (event) => {
      captured = toSafeValue({ target: event.target, type: event.type });
    });
    button.click();
    expect(captured).toStrictEqual({ target: '[HTMLButtonElement button]', type: 'click' });
  });
});
