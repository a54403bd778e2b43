/** A StepRecorder that keeps what it is given, for the driver's own tests. */
import type { StepRecorder } from './step-recorder.ts';

export interface RecordedStep {
  title: string;
  attachments: { name: string; body: string; contentType: string }[];
  error?: Error;
}

export function recordingRecorder(): { recorder: StepRecorder; steps: RecordedStep[]; everything(): string } {
  const steps: RecordedStep[] = [];
  const open: RecordedStep[] = [];
  const recorder: StepRecorder = {
    async step(title, body) {
      const step: RecordedStep = { title, attachments: [] };
      steps.push(step);
      open.push(step);
      try {
        return await body();
      } catch (error) {
        step.error = error as Error;
        throw error;
      } finally {
        open.splice(open.lastIndexOf(step), 1);
      }
    },
    async attach(name, body, contentType) {
      const step = open.at(-1);
      if (!step) throw new Error(`attach("${name}") outside a step`);
      step.attachments.push({ name, body, contentType });
    },
  };
  // All text the recorder saw, to check that a secret appears nowhere.
  const everything = () => JSON.stringify(steps.map((s) => ({ ...s, error: s.error?.message })));
  return { recorder, steps, everything };
}
