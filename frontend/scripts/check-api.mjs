// Fails when src/api/schema.d.ts no longer matches ../openapi/openapi.json (run `npm run gen:api`).
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const committed = join(root, 'src/api/schema.d.ts')
const dir = mkdtempSync(join(tmpdir(), 'xueshi-api-'))
const fresh = join(dir, 'schema.d.ts')

try {
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/openapi-typescript/bin/cli.js'), '../openapi/openapi.json', '-o', fresh],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
  )
  if (readFileSync(fresh, 'utf8') !== readFileSync(committed, 'utf8')) {
    console.error('src/api/schema.d.ts is out of date with openapi/openapi.json: run `npm run gen:api`.')
    process.exitCode = 1
  } else {
    console.log('src/api/schema.d.ts matches openapi/openapi.json')
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
