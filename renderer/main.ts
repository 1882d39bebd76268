import { App } from './app.js';
import { getApi, getBridgeClient } from './ipc/get-api.js';

/**
 * Entry point: one App on #app, over whichever transport this page was given. The desktop
 * app's login window loads the same page as `index.html#login`.
 */
const root = document.getElementById('app');
if (!root) throw new Error('index.html has no #app element');
const app = new App(getApi(), root, getBridgeClient(), { loginWindow: location.hash === '#login' });
void app.start();
