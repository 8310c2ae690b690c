import { useEffect } from "react";
import { setLocale } from "../i18n";
import { useSession } from "../lib/session";

/** Signed in, the UI speaks the language saved on the user's profile. */
export function LocaleSync() {
  const locale = useSession().me?.locale;
  useEffect(() => {
    if (locale) void setLocale(locale);
  }, [locale]);
  return null;
}
