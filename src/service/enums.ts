/**
 * The enums and enum-like classes of a service's settings: image repository and configuration
 * source types, IP address type, CPU, memory and runtime.
 */
import { Token } from 'aws-cdk-lib';
import { fail } from '../private/validation';

/**
 * The image repository types
 */
export enum ImageRepositoryType {
  /**
   * Amazon ECR Public
   */
  ECR_PUBLIC = 'ECR_PUBLIC',

  /**
   * Amazon ECR
   */
  ECR = 'ECR',
}

/**
 * The source of the App Runner configuration.
 */
export enum ConfigurationSourceType {
  /**
   * App Runner reads configuration values from `the apprunner.yaml` file in the source code repository
   * and ignores `configurationValues`.
   */
  REPOSITORY = 'REPOSITORY',

  /**
   * App Runner uses configuration values provided in `configurationValues` and ignores the `apprunner.yaml`
   * file in the source code repository.
   */
  API = 'API',
}

/**
 * The IP address type for your incoming public network configuration.
 */
export enum IpAddressType {
  /**
   * IPV4
   */
  IPV4 = 'IPV4',

  /**
   * DUAL_STACK
   */
  DUAL_STACK = 'DUAL_STACK',
}

/** CPU values accepted by App Runner, with their size in vCPU. */
const CPU_VALUES: Record<string, number> = {
  '256': 0.25,
  '512': 0.5,
  '1024': 1,
  '2048': 2,
  '4096': 4,
  '0.25 vCPU': 0.25,
  '0.5 vCPU': 0.5,
  '1 vCPU': 1,
  '2 vCPU': 2,
  '4 vCPU': 4,
};

/** Memory values accepted by App Runner, with their size in GB. */
const MEMORY_VALUES: Record<string, number> = {
  '512': 0.5,
  '1024': 1,
  '2048': 2,
  '3072': 3,
  '4096': 4,
  '6144': 6,
  '8192': 8,
  '10240': 10,
  '12288': 12,
  '0.5 GB': 0.5,
  '1 GB': 1,
  '2 GB': 2,
  '3 GB': 3,
  '4 GB': 4,
  '6 GB': 6,
  '8 GB': 8,
  '10 GB': 10,
  '12 GB': 12,
};

/**
 * The number of CPU units reserved for each instance of your App Runner service.
 */
export class Cpu {
  /**
   * 0.25 vCPU
   */
  public static readonly QUARTER_VCPU = Cpu.of('0.25 vCPU');

  /**
   * 0.5 vCPU
   */
  public static readonly HALF_VCPU = Cpu.of('0.5 vCPU');

  /**
   * 1 vCPU
   */
  public static readonly ONE_VCPU = Cpu.of('1 vCPU');

  /**
   * 2 vCPU
   */
  public static readonly TWO_VCPU = Cpu.of('2 vCPU');

  /**
   * 4 vCPU
   */
  public static readonly FOUR_VCPU = Cpu.of('4 vCPU');

  /**
   * Custom CPU unit: one of 256, 512, 1024, 2048, 4096 or "0.25 vCPU" … "4 vCPU".
   * A token is accepted unchecked.
   *
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-apprunner-service-instanceconfiguration.html#cfn-apprunner-service-instanceconfiguration-cpu
   *
   * @param unit custom CPU unit
   */
  public static of(unit: string): Cpu {
    if (!Token.isUnresolved(unit) && !(unit in CPU_VALUES)) {
      fail('InvalidCpuValue', `CPU value is invalid: cpu must be one of ${Object.keys(CPU_VALUES).join(', ')}, got ${JSON.stringify(unit)}`);
    }
    return new Cpu(unit);
  }

  /**
   * @param unit The unit of CPU.
   */
  private constructor(public readonly unit: string) {}

  /**
   * The size in vCPU.
   *
   * @returns undefined when the unit is a token
   */
  public get vcpu(): number | undefined {
    return CPU_VALUES[this.unit];
  }
}

/**
 * The amount of memory reserved for each instance of your App Runner service.
 */
export class Memory {
  /**
   * 0.5 GB(for 0.25 vCPU)
   */
  public static readonly HALF_GB = Memory.of('0.5 GB');

  /**
   * 1 GB(for 0.25 or 0.5 vCPU)
   */
  public static readonly ONE_GB = Memory.of('1 GB');

  /**
   * 2 GB(for 1 vCPU)
   */
  public static readonly TWO_GB = Memory.of('2 GB');

  /**
   * 3 GB(for 1 vCPU)
   */
  public static readonly THREE_GB = Memory.of('3 GB');

  /**
   * 4 GB(for 1 or 2 vCPU)
   */
  public static readonly FOUR_GB = Memory.of('4 GB');

  /**
   * 6 GB(for 2 vCPU)
   */
  public static readonly SIX_GB = Memory.of('6 GB');

  /**
   * 8 GB(for 4 vCPU)
   */
  public static readonly EIGHT_GB = Memory.of('8 GB');

  /**
   * 10 GB(for 4 vCPU)
   */
  public static readonly TEN_GB = Memory.of('10 GB');

  /**
   * 12 GB(for 4 vCPU)
   */
  public static readonly TWELVE_GB = Memory.of('12 GB');

  /**
   * Custom Memory unit: one of 512 … 12288 (MB) or "0.5 GB" … "12 GB".
   * A token is accepted unchecked.
   *
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-apprunner-service-instanceconfiguration.html#cfn-apprunner-service-instanceconfiguration-memory
   *
   * @param unit custom Memory unit
   */
  public static of(unit: string): Memory {
    if (!Token.isUnresolved(unit) && !(unit in MEMORY_VALUES)) {
      fail('InvalidMemoryValue', `Memory value is invalid: memory must be one of ${Object.keys(MEMORY_VALUES).join(', ')}, got ${JSON.stringify(unit)}`);
    }
    return new Memory(unit);
  }

  /**
   * @param unit The unit of memory.
   */
  private constructor(public readonly unit: string) {}

  /**
   * The size in GB.
   *
   * @returns undefined when the unit is a token
   */
  public get gigabytes(): number | undefined {
    return MEMORY_VALUES[this.unit];
  }
}

/** Runtimes of the App Runner API model. */
const RUNTIMES = [
  'PYTHON_3', 'PYTHON_311', 'NODEJS_12', 'NODEJS_14', 'NODEJS_16', 'NODEJS_18', 'NODEJS_22',
  'CORRETTO_8', 'CORRETTO_11', 'GO_1', 'DOTNET_6', 'PHP_81', 'RUBY_31',
];

/**
 * The code runtimes
 */
export class Runtime {
  /**
   * CORRETTO 8
   */
  public static readonly CORRETTO_8 = Runtime.of('CORRETTO_8');

  /**
   * CORRETTO 11
   */
  public static readonly CORRETTO_11 = Runtime.of('CORRETTO_11');

  /**
   * .NET 6
   */
  public static readonly DOTNET_6 = Runtime.of('DOTNET_6');

  /**
   * Go 1.18
   */
  public static readonly GO_1 = Runtime.of('GO_1');

  /**
   * NodeJS 12
   */
  public static readonly NODEJS_12 = Runtime.of('NODEJS_12');

  /**
   * NodeJS 14
   */
  public static readonly NODEJS_14 = Runtime.of('NODEJS_14');

  /**
   * NodeJS 16
   */
  public static readonly NODEJS_16 = Runtime.of('NODEJS_16');

  /**
   * NodeJS 18
   */
  public static readonly NODEJS_18 = Runtime.of('NODEJS_18');

  /**
   * NodeJS 22
   */
  public static readonly NODEJS_22 = Runtime.of('NODEJS_22');

  /**
   * PHP 8.1
   */
  public static readonly PHP_81 = Runtime.of('PHP_81');

  /**
   * Python 3
   */
  public static readonly PYTHON_3 = Runtime.of('PYTHON_3');

  /**
   * Python 3.11
   */
  public static readonly PYTHON_311 = Runtime.of('PYTHON_311');

  /**
   * Ruby 3.1
   */
  public static readonly RUBY_31 = Runtime.of('RUBY_31');

  /**
   * Every runtime of the App Runner API model, by name.
   */
  public static readonly ALL_NAMES: string[] = [...RUNTIMES];

  /**
   * A runtime by name: one of the App Runner API model's runtimes (see `ALL_NAMES`).
   * A token is accepted unchecked.
   *
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-apprunner-service-codeconfigurationvalues.html#cfn-apprunner-service-codeconfigurationvalues-runtime for all available runtimes.
   *
   * @param name runtime name
   */
  public static of(name: string): Runtime {
    if (!Token.isUnresolved(name) && !RUNTIMES.includes(name)) {
      fail('InvalidRuntime', `runtime must be one of ${RUNTIMES.join(', ')}, got ${JSON.stringify(name)}`);
    }
    return new Runtime(name);
  }

  /**
   * @param name The runtime name.
   */
  private constructor(public readonly name: string) {}
}
