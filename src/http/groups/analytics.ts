// The Analytics API group (openapi/groups/analytics.yaml): conversation details (queried, by id, as jobs), aggregates, queue observations.
import { getConversationDetails, getConversationsDetails, queryConversationDetails } from '../../domain/analytics.js';
import { queryAggregates } from '../../domain/analytics-aggregates.js';
import { deleteJob, jobResults, jobStatus, submitJob } from '../../domain/analytics-jobs.js';
import { observeQueues } from '../../domain/analytics-observations.js';
import { noContent, Reply, type Handlers } from '../operations.js';

export const handlers = {
  postAnalyticsConversationsDetailsQuery: (ctx) => queryConversationDetails(ctx.deps, ctx.principal, ctx.body),
  getAnalyticsConversationDetails: (ctx) => getConversationDetails(ctx.deps, ctx.params.conversationId),
  getAnalyticsConversationsDetails: (ctx) =>
    getConversationsDetails(
      ctx.deps,
      ctx.query.getAll('id').flatMap((v) => v.split(',').filter(Boolean)),
    ),
  postAnalyticsConversationsAggregatesQuery: (ctx) => queryAggregates(ctx.deps, ctx.principal, ctx.body),
  postAnalyticsQueuesObservationsQuery: (ctx) => observeQueues(ctx.deps, ctx.principal, ctx.body),
  postAnalyticsConversationsDetailsJobs: async (ctx) => new Reply(202, await submitJob(ctx.deps, ctx.principal, ctx.body, ctx.app.analyticsJobSeconds)),
  getAnalyticsConversationsDetailsJob: (ctx) => jobStatus(ctx.deps, ctx.params.jobId),
  getAnalyticsConversationsDetailsJobResults: (ctx) => {
    const pageSize = ctx.query.get('pageSize');
    return jobResults(ctx.deps, ctx.params.jobId, ctx.query.get('cursor') ?? undefined, pageSize === null ? undefined : Number(pageSize));
  },
  deleteAnalyticsConversationsDetailsJob: async (ctx) => {
    await deleteJob(ctx.deps, ctx.params.jobId);
    return noContent();
  },
} satisfies Handlers;
