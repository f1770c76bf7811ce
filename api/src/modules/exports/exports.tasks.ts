import type { Tasks } from '../../worker/worker.ts';
import { buildExport, expireExport, failExport } from './exports.service.ts';

interface ExportJob {
  tenantId: string;
  exportId: string;
}

export const exportTasks: Tasks = {
  /** Writes an export's file; after the last attempt fails, the export says so instead of waiting for ever. */
  async exports__build(payload, { services, job }) {
    const { tenantId, exportId } = payload as ExportJob;
    try {
      await buildExport(services, tenantId, exportId);
    } catch (error) {
      if (job.attempts >= job.maxAttempts) await failExport(services, tenantId, exportId);
      throw error;
    }
  },

  /** Deletes an export's file when its day is up. */
  async exports__expire(payload, { services }) {
    const { tenantId, exportId } = payload as ExportJob;
    await expireExport(services, tenantId, exportId);
  },
};
