import { Construct } from 'constructs';
import { TwinContext } from './ecs-express-mapping';
import { EnvironmentVariable, NamedSecret, serviceHooks } from './service-hooks';
import { sourceEnvironmentSecrets, sourceEnvironmentVariables } from './source-environment';
import { fail } from './validation';
import { IpAddressType } from '../service/enums';
import type { Service } from '../service/service';
import type { ServiceProps } from '../service/service-props';

/**
 * What a twin is made from: the definition of a `Service` of the app (`service`), or, for the
 * last step of a migration, once the App Runner service is removed from the app, the props it
 * was created with (`serviceProps`). Exactly one of them.
 */
export function twinContext(twin: Construct, service: Service | undefined, serviceProps: ServiceProps | undefined): TwinContext {
  if (service && serviceProps) {
    fail('EcsExpressServiceAndProps', 'give the twin either service (the App Runner Service) or serviceProps (its props, once the Service is removed), not both', twin);
  }
  if (service) {
    const hooks = serviceHooks(service);
    if (!hooks) {
      fail('EcsExpressNeedsService',
        `service ${service.node.path} is not a Service of this library created in this app (an imported service has no definition to carry): create the twin from the Service construct`, twin);
    }
    return { twin, serviceLabel: service.node.path, hooks, definition: hooks.definition };
  }
  if (!serviceProps) {
    fail('EcsExpressNeedsService', 'give the twin service (the App Runner Service) or serviceProps (the props it was created with, once the Service is removed)', twin);
  }
  // the Service is gone: its props, read as the Service read them
  const source = serviceProps.source.bind(twin);
  const variables: EnvironmentVariable[] = Object.entries(sourceEnvironmentVariables(source, twin)).map(([name, value]) => ({ name, value }));
  const secrets: NamedSecret[] = Object.entries(sourceEnvironmentSecrets(source)).map(([name, secret]) => ({ name, secret }));
  // the instance role keeps the read grants the Service gave it (nothing of it changes)
  if (serviceProps.instanceRole) for (const { secret } of secrets) secret.grantRead(serviceProps.instanceRole);
  return {
    twin,
    serviceLabel: `(removed; serviceProps of ${twin.node.path})`,
    hooks: {
      isPubliclyAccessible: serviceProps.isPubliclyAccessible ?? true,
      dualStack: serviceProps.ipAddressType === IpAddressType.DUAL_STACK,
      // attachments went with the service
      hasRunSchedule: () => false,
      hasWebAcl: () => false,
    },
    definition: {
      props: serviceProps,
      source,
      instanceRole: serviceProps.instanceRole,
      environmentVariables: () => variables,
      forEachSecret: (listener) => secrets.forEach(listener),
    },
  };
}
