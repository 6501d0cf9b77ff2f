// Where each rule's documentation lives (the generated docs/rules/<id>.md pages).
export const REPOSITORY_URL = 'https://github.com/layerwise-dev/layerwise';

export function ruleDocsUrl(ruleId: string): string {
  return `${REPOSITORY_URL}/blob/main/docs/rules/${ruleId}.md`;
}
