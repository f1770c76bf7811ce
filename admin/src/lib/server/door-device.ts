import type { Cookies } from '@sveltejs/kit';
import {
  cleanDeviceName,
  DEVICE_COOKIE,
  type DoorDevice,
  newDeviceId,
  parseDevice,
  serializeDevice,
} from '../check-in';
import type { Messages } from '../messages';

const YEAR_SECONDS = 365 * 86_400;

/**
 * The door device as a cookie, for forms sent without JavaScript. With JavaScript the page keeps
 * the device in localStorage (seeded from this cookie) and sends it with every form.
 */
export function rememberDevice(cookies: Cookies, url: URL, device: DoorDevice): void {
  cookies.set(DEVICE_COOKIE, serializeDevice(device), {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: url.protocol === 'https:',
    maxAge: YEAR_SECONDS,
  });
}

/**
 * This browser's device, made and remembered on its first visit to a door, named `Door` in the
 * language of whoever opened it (`t`) until staff name it.
 */
export function doorDevice(cookies: Cookies, url: URL, t: Messages): DoorDevice {
  const known = parseDevice(cookies.get(DEVICE_COOKIE), t);
  if (known) return known;
  const device = { id: newDeviceId(), name: t.door_defaultDeviceName };
  rememberDevice(cookies, url, device);
  return device;
}

/** The device a form was sent from: its hidden fields (filled from localStorage), else the cookie. */
export function formDevice(form: FormData, cookies: Cookies, url: URL, t: Messages): DoorDevice {
  const sent = parseDevice(
    JSON.stringify({ id: String(form.get('device_id') ?? ''), name: String(form.get('device_name') ?? '') }),
    t,
  );
  return sent ?? doorDevice(cookies, url, t);
}

export function renamedDevice(device: DoorDevice, name: string, t: Messages): DoorDevice {
  return { id: device.id, name: cleanDeviceName(name) || t.door_defaultDeviceName };
}
