// Worker thread of verifyAuditLogParallel: claims and checks chunks of the audit chain.
import { workerData } from 'node:worker_threads';
import { sharedFromWorkerData, verifyClaimedChunks, type VerifyWorkerData } from './auditVerifyParallel.ts';

verifyClaimedChunks(sharedFromWorkerData(workerData as VerifyWorkerData));
