/**
 * Text that XML 1.0 can hold, for every XML writer (JUnit, Robot's
 * output.xml, the robot-xml reporter): a title, a log line or an error
 * message may hold any character, and XML 1.0 forbids most control
 * characters, U+FFFE, U+FFFF and lone surrogates even as character
 * references, so one of them would leave the whole file unreadable
 * (issue 13). Each becomes visible `\uXXXX` text instead. Markup (&, <, ")
 * is left to the writer, which knows whether it writes text or an attribute.
 */

// Any code point that is not an XML 1.0 Char (https://www.w3.org/TR/xml/#charsets).
const NOT_XML_CHAR = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlSafeText(text: string): string {
  return text.replace(NOT_XML_CHAR, (ch) => `\\u${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
}
