/** Shared helpers of the ECS Express Mode twin tests. */
import { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { Service, ServiceProps, Source } from '../../src';

export const PUBLIC_IMAGE = 'public.ecr.aws/aws-containers/hello-app-runner:latest';

/** An ECR Public service (no health check configuration: App Runner's TCP default). */
export function publicService(stack: Stack, extra: Partial<ServiceProps> = {}, id = 'Service'): Service {
  return new Service(stack, id, {
    source: Source.fromEcrPublic({ imageIdentifier: PUBLIC_IMAGE }),
    ...extra,
  });
}

/** The properties of the only Express service of a template. */
export function twinProps(template: Template): any {
  const found = Object.values<any>(template.findResources('AWS::ECS::ExpressGatewayService'));
  if (found.length !== 1) throw new Error(`expected one AWS::ECS::ExpressGatewayService, found ${found.length}`);
  return found[0].Properties;
}

/** The warnings on one construct path, as `{ id, message }` (the message without its `[ack: …]` suffix). */
export function warningsAt(stack: Stack, path: string): Array<{ id: string; message: string }> {
  return Annotations.fromStack(stack).findWarning(path, Match.anyValue()).map((w) => {
    const text = String(w.entry.data);
    const match = /^(.*) \[ack: ([^\]]+)\]$/s.exec(text);
    return match ? { id: match[2], message: match[1] } : { id: '', message: text };
  });
}

/** The ids of the warnings on one construct path, sorted. */
export function warningIdsAt(stack: Stack, path: string): string[] {
  return warningsAt(stack, path).map((w) => w.id).sort();
}
