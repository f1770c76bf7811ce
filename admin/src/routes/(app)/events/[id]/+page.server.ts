import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

// An event's own page is its door for now: the one page every role of the team may open.
export const load: PageServerLoad = ({ params }) => redirect(303, `/events/${params.id}/check-in`);
