import type { AddressedMessage } from '../inbound/delivery.js';

/** The free-text note of a message, wherever its kind keeps it. */
export function noteOf(message: AddressedMessage): string | undefined {
  switch (message.kind) {
    case 'request':
      return message.serviceInfo?.note;
    case 'requestingAgencyMessage':
      return message.note;
    case 'supplyingAgencyMessage':
      return message.messageInfo.note;
  }
}

/** The message with its note replaced; an empty note is dropped. */
export function withNote<M extends AddressedMessage>(message: M, note: string | undefined): M {
  const text = note?.trim() || undefined;
  const copy = structuredClone(message);
  switch (copy.kind) {
    case 'request':
      if (copy.serviceInfo) {
        if (text) copy.serviceInfo.note = text;
        else delete copy.serviceInfo.note;
      }
      break;
    case 'requestingAgencyMessage':
      if (text) copy.note = text;
      else delete copy.note;
      break;
    case 'supplyingAgencyMessage':
      if (text) copy.messageInfo.note = text;
      else delete copy.messageInfo.note;
      break;
  }
  return copy;
}

/** Joins note parts with a space, skipping empty ones. */
export function joinNote(...parts: (string | undefined)[]): string | undefined {
  return parts.map((part) => part?.trim()).filter(Boolean).join(' ') || undefined;
}
