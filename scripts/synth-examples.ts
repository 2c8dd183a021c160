/**
 * Synthesize the example apps other than examples/app.ts (which `npm run example` synthesizes
 * into cdk.out/) into cdk.out.examples/<name>/, for CI's cfn-lint step:
 *   npx ts-node -P test/tsconfig.json scripts/synth-examples.ts
 */
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { buildConnectionApp } from '../examples/connection';
import { buildMigrationApp } from '../examples/migration';
import { buildPlatformApp } from '../examples/platform';
import { buildTagsApp } from '../examples/tags';

const root = path.join(__dirname, '..', 'cdk.out.examples');
const apps: Array<[string, (outdir: string) => App]> = [
  // the migration at its cutover step (the default, half and half) and at its last step
  ['migration', (outdir) => buildMigrationApp(new App({ outdir }))],
  ['migration-final', (outdir) => buildMigrationApp(new App({ outdir }), 'app-runner-removed')],
  ['platform', (outdir) => buildPlatformApp(new App({ outdir }))],
  ['tags', (outdir) => buildTagsApp(new App({ outdir }))],
  ['connection', (outdir) => {
    process.env.CDK_OUTDIR = outdir;
    return buildConnectionApp();
  }],
];
for (const [name, build] of apps) {
  const outdir = path.join(root, name);
  const assembly = build(outdir).synth();
  console.log(`${name}: ${assembly.stacks.map((s) => `${s.stackName} (${path.relative(process.cwd(), s.templateFullPath)})`).join(', ')}`);
}
