// The panel's HTML page with its Content-Security-Policy, free of `vscode` so the exact page can be
// rendered in a plain browser by tests. Scripts only with the per-load nonce; styles, images and
// fonts only from the webview's own resource origin; nothing else.

export interface PanelDocumentInput {
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  nonce: string;
  mode: 'view' | 'compare';
}

export function panelCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `img-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

export function panelDocument(input: PanelDocumentInput): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${panelCsp(input.cspSource, input.nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${input.styleUri}">
<title>Layerwise sizes</title>
</head>
<body data-testid="layerwise-panel" data-mode="${input.mode}">
<main id="app" aria-live="polite"></main>
<script nonce="${input.nonce}" src="${input.scriptUri}"></script>
</body>
</html>`;
}
