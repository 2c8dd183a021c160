import { checkLength, checkPattern, checkSingleLine, fail } from './validation';
import type { CodeConfigurationValues, CodeRepositorySourceOptions, ImageConfiguration } from '../service/source-props';

/** Synth-time checks of service sources (App Runner API limits). */

export function checkCodeRepository(props: CodeRepositorySourceOptions): void {
  checkLength('repositoryUrl', props.repositoryUrl, 1, 51200, { code: 'InvalidRepositoryUrl' });
  checkLength('branch', props.branch, 1, 51200, { code: 'InvalidBranch' });
  checkLength('sourceDirectory', props.sourceDirectory, 1, 4096, { code: 'InvalidSourceDirectory' });
  checkPattern('sourceDirectory', props.sourceDirectory, /^[^\x00]+$/, 'must not contain NUL characters', { code: 'InvalidSourceDirectory' });
  checkCodeConfigurationValues(props.codeConfigurationValues);
}

export function checkCodeConfigurationValues(values: CodeConfigurationValues | undefined): void {
  if (!values) return;
  checkSingleLine('codeConfigurationValues.buildCommand', values.buildCommand, { code: 'InvalidBuildCommand' });
  checkSingleLine('codeConfigurationValues.startCommand', values.startCommand, { code: 'InvalidStartCommand' });
  checkLength('codeConfigurationValues.buildCommand', values.buildCommand, 1, 51200, { code: 'InvalidBuildCommand' });
  checkLength('codeConfigurationValues.startCommand', values.startCommand, 1, 51200, { code: 'InvalidStartCommand' });
  checkPattern('codeConfigurationValues.port', values.port, /^([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])$/,
    'must be a port number between 1 and 65535', { code: 'InvalidPort' });
}

export function checkImageConfiguration(config: ImageConfiguration | undefined): void {
  if (!config) return;
  checkSingleLine('imageConfiguration.startCommand', config.startCommand, { code: 'InvalidStartCommand' });
  checkLength('imageConfiguration.startCommand', config.startCommand, 1, 51200, { code: 'InvalidStartCommand' });
  if (config.port !== undefined && typeof config.port === 'number' && (!Number.isInteger(config.port) || config.port < 1 || config.port > 65535)) {
    fail('InvalidPort', `imageConfiguration.port must be an integer between 1 and 65535, got ${config.port}`);
  }
}

const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** An ECR image tag or `sha256:` digest. */
export function checkTagOrDigest(tagOrDigest: string | undefined): void {
  if (tagOrDigest?.startsWith('sha256')) {
    checkPattern('tagOrDigest', tagOrDigest, DIGEST, 'must be a digest of the form sha256:<64 hex characters>', { code: 'InvalidImageDigest' });
  } else {
    checkPattern('tagOrDigest', tagOrDigest, TAG, 'must be an image tag: 1–128 characters of letters, digits, _ . - (not starting with . or -)', { code: 'InvalidImageTag' });
  }
}

/** An ECR Public image identifier. */
export function checkEcrPublicIdentifier(imageIdentifier: string): void {
  checkLength('imageIdentifier', imageIdentifier, 1, 1024, { code: 'InvalidImageIdentifier' });
  checkPattern('imageIdentifier', imageIdentifier, /^public\.ecr\.aws\/[^/\s]+\/[^\s]+$/,
    'must be an ECR Public image URI (public.ecr.aws/ALIAS/REPOSITORY[:TAG|@sha256:DIGEST])', { code: 'InvalidImageIdentifier' });
}
