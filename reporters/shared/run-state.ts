/**
 * The run-state reducer, as the reporters use it. framework/index.ts exports
 * only the types of framework/model/run-state.ts today, not its functions;
 * once it exports them as values, this file becomes a re-export of
 * 'tollgate' and no reporter has to change.
 */
export {
  applyEvent,
  buildRunState,
  countOutcomes,
  createRunState,
  lastAttempt,
} from '../../framework/model/run-state.ts';
