// apidocs.js starts Swagger UI on the API documentation page (/api/docs),
// from a file rather than inline so that a Content-Security-Policy without
// 'unsafe-inline' lets it run. The OpenAPI document's address comes from the
// page; no validator badge, which would ask a remote host.
const root = document.getElementById('swagger-ui');
window.SwaggerUIBundle({
  url: root.dataset.spec,
  domNode: root,
  deepLinking: true,
  validatorUrl: null,
  defaultModelsExpandDepth: 0,
  docExpansion: 'list',
  onComplete: () => {
    document.body.dataset.ready = 'true';
  },
});
