import type { Cookies } from '@sveltejs/kit';
import {
  cleanDeviceName,
  DEFAULT_DEVICE_NAME,
  DEVICE_COOKIE,
  type DoorDevice,
  newDeviceId,
  parseDevice,
  serializeDevice,
} from '../check-in';

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

/** This browser's device, made and remembered on its first visit to a door. */
export function doorDevice(cookies: Cookies, url: URL): DoorDevice {
  const known = parseDevice(cookies.get(DEVICE_COOKIE));
  if (known) return known;
  const device = { id: newDeviceId(), name: DEFAULT_DEVICE_NAME };
  rememberDevice(cookies, url, device);
  return device;
}

/** The device a form was sent from: its hidden fields (filled from localStorage), else the cookie. */
export function formDevice(form: FormData, cookies: Cookies, url: URL): DoorDevice {
  const sent = parseDevice(
    JSON.stringify({ id: String(form.get('device_id') ?? ''), name: String(form.get('device_name') ?? '') }),
  );
  return sent ?? doorDevice(cookies, url);
}

export function renamedDevice(device: DoorDevice, name: string): DoorDevice {
  return { id: device.id, name: cleanDeviceName(name) || DEFAULT_DEVICE_NAME };
}
