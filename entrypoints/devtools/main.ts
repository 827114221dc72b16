import { browser } from 'wxt/browser';

void browser.devtools.panels.create('Segment', '/icon/32.png', '/devtools-panel.html');
