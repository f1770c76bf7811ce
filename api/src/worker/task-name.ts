/** `module__action` in lowercase snake_case, e.g. `orders__sweep_holds`. */
const TASK_NAME = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*__[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;

export function assertTaskName(name: string): void {
  if (!TASK_NAME.test(name)) {
    throw new Error(`Task name "${name}" must be module__action in lowercase snake_case, e.g. orders__sweep_holds.`);
  }
}
