import type { App, Deps } from '../http/app.ts';

export async function scheduleRoutes(_app: App, _deps: Deps): Promise<void> {}
