/** How a job ended, as `${{ job.status }}` spells it. */
export const STATUSES = ['success', 'failure', 'cancelled', 'skipped'] as const;
export type Status = (typeof STATUSES)[number];

export function isStatus(value: string): value is Status {
  return (STATUSES as readonly string[]).includes(value);
}
