import type { App, Deps } from './app.ts';

// A plain start page until the public finder pages arrive: says what this is, in three languages.
const PAGE = (publicUrl: string) => `<!doctype html>
<html lang="fi">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Vertaamo – vertaisryhmät</title></head>
<body>
<main>
<h1>Vertaamo</h1>
<p>Vertaisryhmien löytämiseen, järjestämiseen ja raportointiin.</p>
<p lang="sv">För att hitta, ordna och rapportera kamratgrupper.</p>
<p lang="en">For finding, running and reporting on peer support groups.</p>
<ul>
<li><a href="${publicUrl}/api/v1/groups">/api/v1/groups</a></li>
<li><a href="${publicUrl}/api/v1/organizations">/api/v1/organizations</a></li>
<li><a href="${publicUrl}/api/v1/openapi.json">OpenAPI 3.1</a></li>
</ul>
</main>
</body>
</html>
`;

export async function homeRoutes(app: App, deps: Deps): Promise<void> {
  const html = PAGE(deps.publicUrl);
  app.get('/', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(html),
  );
}
