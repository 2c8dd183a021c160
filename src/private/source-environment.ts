import { IConstruct } from 'constructs';
import { fail } from './validation';
import type { Secret } from '../service/secret';
import type { SourceConfig } from '../service/source-props';

/**
 * The environment variables a bound source declares (image or code configuration:
 * `environmentVariables`, or the deprecated `environment`, never both), as a `Service` and an
 * ECS Express Mode twin made from a service's props both read them.
 */
export function sourceEnvironmentVariables(source: SourceConfig, scope: IConstruct): { [key: string]: string } {
  const codeValues = source.codeRepository?.codeConfiguration.configurationValues;
  const imageConfig = source.imageRepository?.imageConfiguration;
  const codeEnv = [codeValues?.environmentVariables, codeValues?.environment];
  const imageEnv = [imageConfig?.environmentVariables, imageConfig?.environment];
  if (codeEnv.every(el => el !== undefined) || imageEnv.every(el => el !== undefined)) {
    fail('DuplicateEnvironmentProperties', [
      'You cannot set both \'environmentVariables\' and \'environment\' properties.',
      'Please only use environmentVariables, as environment is deprecated.',
    ].join(' '), scope);
  }
  return codeEnv.find(el => el !== undefined) || imageEnv.find(el => el !== undefined) || {};
}

/** The environment secrets a bound source declares. */
export function sourceEnvironmentSecrets(source: SourceConfig): { [key: string]: Secret } {
  const secrets = source.codeRepository?.codeConfiguration.configurationValues?.environmentSecrets
    ?? source.imageRepository?.imageConfiguration?.environmentSecrets;
  return secrets || {};
}
