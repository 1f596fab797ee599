import type { App, Deps } from '../http/app.ts';

export async function venueRoutes(_app: App, _deps: Deps): Promise<void> {}
