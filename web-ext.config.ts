import { defineWebExtConfig } from 'wxt';

// WXT's browser runner needs Node 22; the demo and tests start Chromium themselves.
export default defineWebExtConfig({ disabled: true });
