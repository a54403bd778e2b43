import type { EnvironmentDefinition } from '../model/environment.ts';

/** Gives an environments/<name>.ts module its types. */
export function defineEnvironment(environment: EnvironmentDefinition): EnvironmentDefinition {
  return environment;
}
