import { App } from './app.js';
import { getApi, getBridgeClient } from './ipc/get-api.js';

/** Entry point: one App on #app, over whichever transport this page was given. */
const root = document.getElementById('app');
if (!root) throw new Error('index.html has no #app element');
const app = new App(getApi(), root, getBridgeClient());
void app.start();
