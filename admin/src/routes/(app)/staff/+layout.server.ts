import { requireStaff } from '$lib/server/staff';
import type { LayoutServerLoad } from './$types';

// Pages and actions under /staff check for themselves too: layout and page loads run side by side.
export const load: LayoutServerLoad = ({ locals, url }) => {
  requireStaff(locals, url);
};
