#!/usr/bin/env node
// The CLI's entry. V8's settings must be in place before the program's modules load
// (v8-tuning.ts); a static import of the program would be evaluated first, in a bundle too.
import './v8-tuning.js';

await import('./program.js');
