// Boots the app; everything else lives in app.js and the modules it imports.
import { start } from './app.js';

start();
