import { stackSupervisor } from './stack-handle';

export default async function globalTeardown(): Promise<void> {
  await stackSupervisor()?.stop();
}
