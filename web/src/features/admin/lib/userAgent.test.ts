import { describe, expect, it } from "vitest";
import { parseUserAgent } from "./userAgent";

describe("parseUserAgent", () => {
  it("names common desktop browsers", () => {
    expect(
      parseUserAgent("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36"),
    ).toEqual({
      browser: "Chrome",
      os: "Windows",
      form: "desktop",
    });
    expect(
      parseUserAgent(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.87",
      ),
    ).toMatchObject({ browser: "Edge", os: "Windows" });
    expect(
      parseUserAgent("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15"),
    ).toEqual({
      browser: "Safari",
      os: "macOS",
      form: "desktop",
    });
    expect(parseUserAgent("Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0")).toEqual({
      browser: "Firefox",
      os: "Linux",
      form: "desktop",
    });
  });

  it("recognises phones and tablets", () => {
    expect(
      parseUserAgent(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
      ),
    ).toEqual({ browser: "Safari", os: "iOS", form: "mobile" });
    expect(
      parseUserAgent(
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
      ),
    ).toEqual({
      browser: "Chrome",
      os: "Android",
      form: "mobile",
    });
    expect(
      parseUserAgent(
        "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0 Mobile/15E148 Safari/604.1",
      ),
    ).toMatchObject({
      browser: "Chrome",
      os: "iPadOS",
      form: "tablet",
    });
    expect(
      parseUserAgent(
        "Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0 Safari/537.36",
      ),
    ).toMatchObject({
      browser: "Samsung Internet",
      form: "tablet",
    });
  });

  it("handles tools and missing values", () => {
    expect(parseUserAgent("curl/8.5.0")).toEqual({ browser: "curl", os: null, form: "unknown" });
    expect(parseUserAgent(null)).toEqual({ browser: null, os: null, form: "unknown" });
    expect(parseUserAgent("")).toEqual({ browser: null, os: null, form: "unknown" });
    expect(parseUserAgent("something odd")).toEqual({ browser: null, os: null, form: "unknown" });
    expect(
      parseUserAgent("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0.0.0 Safari/537.36")
        .browser,
    ).toBe("Headless Chrome");
  });
});
