import { useMemo } from 'react';
import { useRouter } from '../../app/router.js';
import { emptyDraft, mapOpenUrl } from '../../openurl/mapOpenUrl.js';
import { RequestForm } from './RequestForm.js';

/** "New request": the empty form. */
export function NewRequestPage() {
  const initial = useMemo(() => emptyDraft(), []);
  return <RequestForm initial={initial} fromLink={false} />;
}

/** `/openurl?…`: the same form, filled in from the OpenURL link (1.0 KEV or 0.1). */
export function OpenUrlPage() {
  const { query } = useRouter();
  const key = query.toString();
  const initial = useMemo(() => mapOpenUrl(key), [key]);
  return <RequestForm key={key} initial={initial} fromLink />;
}
