// Writes the "untrusted text" fixture: frameworks whose every text field carries markup and
// script that must come out of rungs as inert, visible text.
//
//   node lib/fixture.mjs DIR     writes DIR/hostile.md, DIR/hostile-page.md, DIR/hostile-matrix.tsv
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The payloads. Each one, if it ever ran, would set window.__pwned.
export const SCRIPT = '<script>window.__pwned=1</script>';
export const IMG = '"><img src=x onerror="window.__pwned=1">';
export const JS_URL = 'javascript:window.__pwned=1';
export const SVG = "<svg onload='window.__pwned=1'>";
export const ALL = [SCRIPT, IMG, JS_URL];

// A word that appears in every hostile text, so that searching for it finds them.
export const WORD = 'pwned';

export const FRAMEWORK = {
  id: 'hostile',
  title: `Hostile ${SCRIPT} framework`,
  pageId: 'hostile-page',
  pageTitle: `Hostile page ${SCRIPT}`,
  matrixId: 'hostile-matrix',
  matrixTitle: `Hostile matrix ${SCRIPT}`,
};

// JSON strings are valid YAML double-quoted scalars.
const q = (s) => JSON.stringify(s);

function monzoFramework() {
  return `---
path: "/${FRAMEWORK.id}"
title: ${q(FRAMEWORK.title)}
sidebarTitle: ${q(`Hostile ${IMG}`)}
sidebarGroup: ${q(`group ${SCRIPT}`)}
yaml: true
levels: 2
levelPrefix: ${q(`L${IMG} `)}
homepage: false
topics:
  - name: "markup"
    title: ${q(`Markup ${SCRIPT}`)}
    description: ${q(`Topic description ${IMG}`)}
    content:
      - level: 1
        criteria:
          - ${q(`Criterion with a script ${SCRIPT} pwned`)}
          - ${q(`Criterion with an attribute break ${IMG} pwned`)}
          - ${q(`${JS_URL} criterion that starts like a link`)}
        exampleCriteria:
          - criteria: ${q(`Criterion with examples ${SVG} pwned`)}
            examples:
              - ${q(`Example with a script ${SCRIPT}`)}
              - ${q(`Example with an attribute break ${IMG}`)}
              - ${q(JS_URL)}
      - level: 2
        criteria:
          - "All criteria from level one"
          - ${q(`Level two ${SCRIPT} pwned`)}
  - name: ${q(`x${IMG}`)}
    title: ${q(`Attribute break ${IMG}`)}
    content:
      - level: 1
        criteria:
          - ${q(`Attribute topic criterion ${IMG} pwned`)}
      - level: 2
        exampleCriteria:
          - criteria: "Criteria for sublevel A"
            examples:
              - ${q(`Sublevel criterion ${SCRIPT} pwned`)}
          - criteria: ${q(`Criteria for sublevel B`)}
            examples:
              - ${q(`Second sublevel ${IMG} pwned`)}
  - name: "links"
    title: ${q(JS_URL)}
    content:
      - level: 1
        criteria:
          - ${q(`  ${JS_URL}`)}
      - level: 2
        criteria:
          - ${q(`Link topic ${JS_URL} pwned`)}
---
`;
}

function markdownPage() {
  return `---
path: "/${FRAMEWORK.pageId}"
title: ${q(FRAMEWORK.pageTitle)}
sidebarTitle: ${q(`Hostile page ${IMG}`)}
sidebarGroup: ${q(`group ${SCRIPT}`)}
yaml: false
---
## Links ${SCRIPT}

A [click](javascript:window.__pwned=1) link, a [spaced one]( javascript:window.__pwned=1 ),
a [tabbed one](java	script:window.__pwned=1), a [capital one](JaVaScRiPt:window.__pwned=1),
an [entity one](&#106;avascript:window.__pwned=1), a [data one](data:text/html,<script>window.__pwned=1</script>),
a [vbscript one](vbscript:window.__pwned=1) and an autolink <javascript:window.__pwned=1>.
A [safe link](https://example.com/) and a [relative one](../hostile/index.html) stay links.

Raw HTML in the body:

<script>window.__pwned=1</script>

<img src=x onerror="window.__pwned=1">

Inline <img src=x onerror="window.__pwned=1"> and <a href="javascript:window.__pwned=1">raw link</a>
and <svg onload="window.__pwned=1"></svg> and <iframe src="javascript:window.__pwned=1"></iframe>.

![image](javascript:window.__pwned=1) and ![picture](x" onerror="window.__pwned=1)

\`code ${SCRIPT}\`

| column ${IMG} | two |
|---|---|
| ${SCRIPT} | [cell](javascript:window.__pwned=1) |

Entities: &lt;script&gt;window.__pwned=1&lt;/script&gt; and &#60;img src=x onerror=window.__pwned=1&#62;
`;
}

function matrix() {
  const rows = [
    [FRAMEWORK.matrixTitle],
    [],
    ['', `Starter ${SCRIPT}`, `Middle ${IMG}`, `Top ${JS_URL}`],
    [`Area ${SCRIPT}`, `Cell one ${SCRIPT} pwned`, `Cell two ${IMG} pwned`, `${JS_URL}`],
    [`Area two ${IMG}`, 'Plain', 'Plain', 'Plain'],
    ['Brand', '', '', `Senior ${SCRIPT}`],
  ];
  return rows.map((r) => r.join('\t')).join('\n') + '\n';
}

export function writeFixture(dir) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'hostile.md'), monzoFramework());
  writeFileSync(join(dir, 'hostile-page.md'), markdownPage());
  writeFileSync(join(dir, 'hostile-matrix.tsv'), matrix());
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!process.argv[2]) {
    console.error('usage: node lib/fixture.mjs DIR');
    process.exit(2);
  }
  writeFixture(process.argv[2]);
}
