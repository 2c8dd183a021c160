import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as assets from 'aws-cdk-lib/aws-ecr-assets';
import { ISourceConnection, SourceConnection } from './connection';
import { ConfigurationSourceType, ImageRepositoryType, Runtime } from './enums';
import { Secret } from './secret';

/**
 * Result of binding `Source` into a `Service`.
 */
export interface SourceConfig {
  /**
   * The image repository configuration (mutually exclusive  with `codeRepository`).
   *
   * @default - no image repository.
   */
  readonly imageRepository?: ImageRepository;

  /**
   * The ECR repository (required to grant the pull privileges for the iam role).
   *
   * @default - no ECR repository.
   */
  readonly ecrRepository?: ecr.IRepository;

  /**
   * The code repository configuration (mutually exclusive  with `imageRepository`).
   *
   * @default - no code repository.
   */
  readonly codeRepository?: CodeRepositoryProps;
}

/**
 * Properties shared by the code-repository sources (GitHub and Bitbucket).
 */
export interface CodeRepositorySourceOptions {
  /**
   * The code configuration values. Will be ignored if configurationSource is `REPOSITORY`.
   *
   * @default - no values will be passed. The `apprunner.yaml` from the repository will be used instead.
   */
  readonly codeConfigurationValues?: CodeConfigurationValues;

  /**
   * The source of the App Runner configuration.
   */
  readonly configurationSource: ConfigurationSourceType;

  /**
   * The location of the repository that contains the source code.
   */
  readonly repositoryUrl: string;

  /**
   * The branch name that represents a specific version for the repository.
   *
   * @default main
   */
  readonly branch?: string;

  /**
   * The directory in the repository that contains the application (for monorepos):
   * App Runner builds and runs from there, and reads `apprunner.yaml` there.
   * 1–4096 characters.
   *
   * @default - the repository root
   */
  readonly sourceDirectory?: string;
}

/**
 * Properties of the Github repository for `Source.fromGitHub()`
 */
export interface GithubRepositoryProps extends CodeRepositorySourceOptions {
  /**
   * The App Runner connection to GitHub: a `GitHubConnection` (by ARN), or a `Connection`
   * (created by the stack, or imported) of provider type GitHub.
   */
  readonly connection: ISourceConnection;
}

/**
 * Properties of the Bitbucket repository for `Source.fromBitbucket()`
 */
export interface BitbucketRepositoryProps extends CodeRepositorySourceOptions {
  /**
   * The App Runner connection to Bitbucket: a `BitbucketConnection` (by ARN), or a
   * `Connection` (created by the stack, or imported) of provider type Bitbucket.
   */
  readonly connection: ISourceConnection;
}

/**
 * Properties of the image repository for `Source.fromEcrPublic()`
 */
export interface EcrPublicProps {
  /**
   * The image configuration for the image from ECR Public.
   * @default - no image configuration will be passed. The default `port` will be 8080.
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-apprunner-service-imageconfiguration.html#cfn-apprunner-service-imageconfiguration-port
   */
  readonly imageConfiguration?: ImageConfiguration;

  /**
   * The ECR Public image URI (`public.ecr.aws/ALIAS/REPOSITORY[:TAG|@DIGEST]`).
   */
  readonly imageIdentifier: string;
}

/**
 * Properties of the image repository for `Source.fromEcr()`
 */
export interface EcrProps {
  /**
   * The image configuration for the image from ECR.
   * @default - no image configuration will be passed. The default `port` will be 8080.
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-apprunner-service-imageconfiguration.html#cfn-apprunner-service-imageconfiguration-port
   */
  readonly imageConfiguration?: ImageConfiguration;

  /**
   * Represents the ECR repository.
   */
  readonly repository: ecr.IRepository;

  /**
   * Image tag.
   * @default - 'latest'
   * @deprecated use `tagOrDigest`
   */
  readonly tag?: string;

  /**
   * Image tag or digest (digests must start with `sha256:`).
   * @default - 'latest'
   */
  readonly tagOrDigest?: string;
}

/**
 * Properties of the image repository for `Source.fromAsset()`
 */
export interface AssetProps {
  /**
   * The image configuration for the image built from the asset.
   * @default - no image configuration will be passed. The default `port` will be 8080.
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-apprunner-service-imageconfiguration.html#cfn-apprunner-service-imageconfiguration-port
   */
  readonly imageConfiguration?: ImageConfiguration;

  /**
   * Represents the docker image asset.
   */
  readonly asset: assets.DockerImageAsset;
}

/**
 * Describes the configuration that AWS App Runner uses to run an App Runner service
 * using an image pulled from a source image repository.
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-apprunner-service-imageconfiguration.html
 */
export interface ImageConfiguration {
  /**
   * The port that your application listens to in the container (1–65535).
   *
   * @default 8080
   */
  readonly port?: number;

  /**
   * Environment variables that are available to your running App Runner service.
   *
   * @default - no environment variables
   * @deprecated use environmentVariables.
   */
  readonly environment?: { [key: string]: string };

  /**
   * Environment variables that are available to your running App Runner service.
   *
   * @default - no environment variables
   */
  readonly environmentVariables?: { [key: string]: string };

  /**
   * Environment secrets that are available to your running App Runner service.
   *
   * @default - no environment secrets
   */
  readonly environmentSecrets?: { [key: string]: Secret };

  /**
   * An optional command that App Runner runs to start the application in the source image.
   * If specified, this command overrides the Docker image’s default start command.
   * A single line.
   *
   * @default - no start command
   */
  readonly startCommand?: string;
}

/**
 * Describes a source image repository.
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-apprunner-service-imagerepository.html
 */
export interface ImageRepository {
  /**
   * The identifier of the image. For `ECR_PUBLIC` imageRepositoryType, the identifier domain should
   * always be `public.ecr.aws`. For `ECR`, the pattern should be
   * `([0-9]{12}.dkr.ecr.[a-z\-]+-[0-9]{1}.amazonaws.com\/.*)`.
   *
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-apprunner-service-imagerepository.html
   */
  readonly imageIdentifier: string;

  /**
   * The type of the image repository. This reflects the repository provider and whether
   * the repository is private or public.
   */
  readonly imageRepositoryType: ImageRepositoryType;

  /**
   * Configuration for running the identified image.
   * @default - no image configuration will be passed. The default `port` will be 8080.
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-apprunner-service-imageconfiguration.html#cfn-apprunner-service-imageconfiguration-port
   */
  readonly imageConfiguration?: ImageConfiguration;
}

/**
 * Identifies a version of code that AWS App Runner refers to within a source code repository.
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-apprunner-service-sourcecodeversion.html
 */
export interface SourceCodeVersion {
  /**
   * The type of version identifier. App Runner supports `BRANCH` only.
   */
  readonly type: string;

  /**
   * A source code version (the branch name).
   */
  readonly value: string;
}

/**
 * Properties of the CodeRepository.
 */
export interface CodeRepositoryProps {
  /**
   * Configuration for building and running the service from a source code repository.
   */
  readonly codeConfiguration: CodeConfiguration;

  /**
   * The location of the repository that contains the source code.
   */
  readonly repositoryUrl: string;

  /**
   * The version that should be used within the source code repository.
   */
  readonly sourceCodeVersion: SourceCodeVersion;

  /**
   * The App Runner connection for GitHub or Bitbucket.
   */
  readonly connection: SourceConnection;

  /**
   * The directory in the repository that contains the application.
   *
   * @default - the repository root
   */
  readonly sourceDirectory?: string;
}

/**
 * Describes the configuration that AWS App Runner uses to build and run an App Runner service
 * from a source code repository.
 */
export interface CodeConfiguration {
  /**
   * The basic configuration for building and running the App Runner service.
   * Use it to quickly launch an App Runner service without providing a apprunner.yaml file in the
   * source code repository (or ignoring the file if it exists).
   *
   * @default - not specified. Use `apprunner.yaml` instead.
   */
  readonly configurationValues?: CodeConfigurationValues;

  /**
   * The source of the App Runner configuration.
   */
  readonly configurationSource: ConfigurationSourceType;
}

/**
 * Describes the basic configuration needed for building and running an AWS App Runner service.
 * This type doesn't support the full set of possible configuration options. Fur full configuration capabilities,
 * use a `apprunner.yaml` file in the source code repository.
 */
export interface CodeConfigurationValues {
  /**
   * The command App Runner runs to build your application (a single line).
   *
   * @default - no build command.
   */
  readonly buildCommand?: string;

  /**
   * The port that your application listens to in the container.
   *
   * @default 8080
   */
  readonly port?: string;

  /**
   * A runtime environment type for building and running an App Runner service. It represents
   * a programming language runtime.
   */
  readonly runtime: Runtime;

  /**
   * The environment variables that are available to your running App Runner service.
   *
   * @default - no environment variables.
   * @deprecated use environmentVariables.
   */
  readonly environment?: { [key: string]: string };

  /**
   * The environment variables that are available to your running App Runner service.
   *
   * @default - no environment variables.
   */
  readonly environmentVariables?: { [key: string]: string };

  /**
   * The environment secrets that are available to your running App Runner service.
   *
   * @default - no environment secrets.
   */
  readonly environmentSecrets?: { [key: string]: Secret };

  /**
   * The command App Runner runs to start your application (a single line).
   *
   * @default - no start command.
   */
  readonly startCommand?: string;
}
