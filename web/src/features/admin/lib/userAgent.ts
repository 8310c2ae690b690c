/** What a session's User-Agent says about the device, in words a person recognises. */
export type Device = {
  /** Browser or client name (a proper noun, not translated), or null when unknown. */
  browser: string | null;
  /** Operating system name (a proper noun), or null when unknown. */
  os: string | null;
  form: "desktop" | "mobile" | "tablet" | "unknown";
};

const browsers: [RegExp, string][] = [
  [/\bEdg(?:e|A|iOS)?\/[\d.]+/, "Edge"],
  [/\bOPR\/[\d.]+|\bOpera\b/, "Opera"],
  [/\bSamsungBrowser\/[\d.]+/, "Samsung Internet"],
  [/\bVivaldi\/[\d.]+/, "Vivaldi"],
  [/\bYaBrowser\/[\d.]+/, "Yandex Browser"],
  [/\bMicroMessenger\/[\d.]+/, "WeChat"],
  [/\bUCBrowser\/[\d.]+/, "UC Browser"],
  [/\bFirefox\/[\d.]+|\bFxiOS\/[\d.]+/, "Firefox"],
  [/\bHeadlessChrome\/[\d.]+/, "Headless Chrome"],
  [/\bChrome\/[\d.]+|\bCriOS\/[\d.]+|\bChromium\/[\d.]+/, "Chrome"],
  [/\bVersion\/[\d.]+.*\bSafari\//, "Safari"],
  [/\bcurl\/[\d.]+/i, "curl"],
  [/\bPostmanRuntime\//, "Postman"],
  [/\bpython-requests\/|\bpython-httpx\/|\bPython-urllib\//i, "Python"],
  [/\bnode-fetch\b|\bundici\b|^node$|\bNode\.js\b/i, "Node.js"],
];

const systems: [RegExp, string][] = [
  [/\biPad\b/, "iPadOS"],
  [/\biPhone\b|\biPod\b/, "iOS"],
  [/\bAndroid\b/, "Android"],
  [/\bCrOS\b/, "ChromeOS"],
  [/\bWindows NT\b|\bWin64\b|\bWindows\b/, "Windows"],
  [/\bMac OS X\b|\bMacintosh\b/, "macOS"],
  [/\bLinux\b|\bX11\b/, "Linux"],
];

export function parseUserAgent(userAgent: string | null | undefined): Device {
  const ua = (userAgent ?? "").trim();
  if (!ua) return { browser: null, os: null, form: "unknown" };
  const browser = browsers.find(([pattern]) => pattern.test(ua))?.[1] ?? null;
  const os = systems.find(([pattern]) => pattern.test(ua))?.[1] ?? null;
  let form: Device["form"] = "unknown";
  if (/\biPad\b|\bTablet\b/.test(ua) || (os === "Android" && !/\bMobile\b/.test(ua))) form = "tablet";
  else if (/\bMobile\b|\biPhone\b|\biPod\b/.test(ua)) form = "mobile";
  else if (os) form = "desktop";
  return { browser, os, form };
}
