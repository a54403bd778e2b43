import fs from 'node:fs';
import path from 'node:path';
import { attachmentFile, type Attachment } from 'tollgate/reporter';
import type { HtmlAttachment } from './report-data.ts';

/**
 * Decides, per attachment, whether the report carries it inside (images,
 * so a screenshot opens with the single file) or links to it relative to
 * the report (traces, archives, big files). Inlining has a budget so that
 * a run full of screenshots cannot make a report no browser will open.
 */
export interface AttachmentPolicy {
  runDir: string;
  /** The folder the report is written to; links are relative to it. */
  reportDir: string;
  /** Largest image inlined, in bytes. */
  maxInlineImage?: number;
  /** All inlined images together, in bytes. */
  inlineBudget?: number;
  /** Longest text body shown, in characters. */
  maxText?: number;
}

const INLINE_IMAGE = /^image\/(png|jpeg|gif|webp|svg\+xml)$/;

export function createAttachmentResolver(policy: AttachmentPolicy): (attachment: Attachment) => HtmlAttachment {
  const maxImage = policy.maxInlineImage ?? 4 * 1024 * 1024;
  const maxText = policy.maxText ?? 64 * 1024;
  let budget = policy.inlineBudget ?? 64 * 1024 * 1024;

  return (attachment) => {
    const out: HtmlAttachment = { name: attachment.name, contentType: attachment.contentType };
    if (attachment.body !== undefined) {
      out.text = attachment.body.length > maxText ? `${attachment.body.slice(0, maxText)}\n… (${attachment.body.length - maxText} more characters)` : attachment.body;
    }
    if (attachment.path === undefined) return out;

    // A path out of the run directory (a run directory from elsewhere) is neither linked nor inlined.
    const absolute = attachmentFile(policy.runDir, attachment.path);
    if (!absolute) {
      out.missing = true;
      return out;
    }
    out.href = toHref(path.relative(policy.reportDir, absolute));
    if (!INLINE_IMAGE.test(attachment.contentType)) return out;
    let size: number;
    try {
      size = fs.statSync(absolute).size;
    } catch {
      out.missing = true;
      return out;
    }
    if (size <= maxImage && size <= budget) {
      budget -= size;
      out.inline = `data:${attachment.contentType};base64,${fs.readFileSync(absolute).toString('base64')}`;
    }
    return out;
  };
}

/** A relative path as a URL path: forward slashes, each segment escaped. */
function toHref(relative: string): string {
  return relative.split(path.sep).map((s) => (s === '..' || s === '.' ? s : encodeURIComponent(s))).join('/');
}
