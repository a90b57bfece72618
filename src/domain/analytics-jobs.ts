// Asynchronous conversation details jobs, as exports use them: a job finds its conversations when
// submitted, is QUEUED until its due time on the (virtual) clock, then FULFILLED, and its results
// are read a page at a time by cursor. The details are rendered when read, so they are current.
import { ApiError, invalidValue } from './errors.js';
import type { Deps } from './deps.js';
import { isoNow } from './deps.js';
import { conversationDetails, findConversations } from './analytics.js';
import { storeNames } from './conversation-render.js';
import type { Model } from './models.js';
import type { Principal } from './oauth.js';
import type { AnalyticsJobRecord } from '../store/schema.js';

const DEFAULT_RESULTS_PAGE = 100;

function jobOf(deps: Deps, jobId: string): AnalyticsJobRecord {
  const job = deps.store.get('analyticsJobs', jobId);
  if (!job) throw new ApiError('notFound');
  return job;
}

const fulfilled = (deps: Deps, job: AnalyticsJobRecord) => deps.clock.now() >= Date.parse(job.dueDate);

/** POST /api/v2/analytics/conversations/details/jobs: the job, due `delaySeconds` on the clock from now. */
export async function submitJob(
  deps: Deps,
  principal: Principal,
  query: Model<'AsyncConversationQuery'>,
  delaySeconds: number,
): Promise<Model<'AsyncQueryResponse'>> {
  const found = findConversations(deps, principal, query);
  const now = deps.clock.now();
  const job: AnalyticsJobRecord = {
    id: deps.ids.uuid(),
    orgId: principal.orgId,
    submissionDate: new Date(now).toISOString(),
    dueDate: new Date(now + delaySeconds * 1000).toISOString(),
    conversationIds: found.slice(0, query.limit ?? found.length).map((r) => r.conversation.id),
  };
  await deps.store.commit([{ op: 'put', collection: 'analyticsJobs', record: job }]);
  return { jobId: job.id };
}

/** GET …/details/jobs/{jobId}: QUEUED, then FULFILLED from its due time on. */
export function jobStatus(deps: Deps, jobId: string): Model<'AsyncQueryStatus'> {
  const job = jobOf(deps, jobId);
  return fulfilled(deps, job)
    ? { state: 'FULFILLED', submissionDate: job.submissionDate, completionDate: job.dueDate }
    : { state: 'QUEUED', submissionDate: job.submissionDate };
}

/** A cursor: where the next page starts, opaque to the client. */
const cursorOf = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64url');

function offsetOf(cursor: string): number {
  const decoded = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString() : '';
  const match = /^offset:(\d{1,9})$/.exec(decoded);
  if (!match) throw invalidValue('cursor', cursor.slice(0, 100), 'a cursor of an earlier page of this job');
  return Number(match[1]);
}

/** GET …/details/jobs/{jobId}/results: a page of the job's conversations, and the cursor of the next while there is one. */
export function jobResults(
  deps: Deps,
  jobId: string,
  cursor: string | undefined,
  pageSize: number | undefined,
): Model<'AnalyticsConversationAsyncQueryResponse'> {
  const job = jobOf(deps, jobId);
  if (!fulfilled(deps, job)) throw new ApiError('jobNotFulfilled', { jobId, state: 'QUEUED' });
  const offset = cursor === undefined ? 0 : offsetOf(cursor);
  const size = pageSize ?? DEFAULT_RESULTS_PAGE;
  const names = storeNames(deps.store);
  const conversations = job.conversationIds.slice(offset, offset + size).flatMap((id) => {
    const c = deps.store.get('conversations', id);
    return c ? [conversationDetails(c, names)] : [];
  });
  return {
    conversations,
    ...(offset + size < job.conversationIds.length ? { cursor: cursorOf(offset + size) } : {}),
    dataAvailabilityDate: isoNow(deps.clock),
  };
}

/** DELETE …/details/jobs/{jobId}. */
export async function deleteJob(deps: Deps, jobId: string): Promise<void> {
  jobOf(deps, jobId);
  await deps.store.commit([{ op: 'delete', collection: 'analyticsJobs', id: jobId }]);
}
