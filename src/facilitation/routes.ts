import type { App, Deps } from '../http/app.ts';

export async function facilitationRoutes(_app: App, _deps: Deps): Promise<void> {}
